/**
 * Readers that turn parsed JSON (`unknown`) into typed values. They are lenient about missing
 * optional fields, because API servers omit empty ones, and strict about types where present.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `value` as a record, or an empty record when it is absent or not an object. */
export function recordOf(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function booleanOf(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Returns the records of an array, skipping entries that are not objects. */
export function recordsOf(value: unknown): JsonRecord[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Returns a map of string values such as `labels` or `annotations`, dropping non-string values. */
export function stringMapOf(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(recordOf(value))) {
    if (typeof entry === 'string') result[key] = entry;
  }
  return result;
}
