/** Decoding of resize messages (channel 4), such as `{"Width":80,"Height":24}`. */

export interface TerminalSize {
  columns: number;
  rows: number;
}

/**
 * Parses a resize payload. Keys match case-insensitively, as Go's JSON decoder matches struct
 * fields; returns undefined unless both sizes are integers from 1 to 65535.
 */
export function parseResize(payload: Buffer): TerminalSize | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;

  let columns: unknown;
  let rows: unknown;
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const lower = key.toLowerCase();
    if (lower === 'width') columns = entry;
    else if (lower === 'height') rows = entry;
  }
  if (!isTerminalDimension(columns) || !isTerminalDimension(rows)) return undefined;
  return { columns, rows };
}

function isTerminalDimension(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}
