/** Masking of secret values in text that podexec shows: command text, error messages, logs. */

/** The text every occurrence of a secret is replaced with. */
export const SECRET_MASK = '***';

/** Replaces every occurrence of any secret in a text with `***`. */
export type Masker = (text: string) => string;

/**
 * Creates a masker for `secrets`. Longer secrets are replaced first, so a secret that contains
 * another one is masked whole. Empty strings are ignored because they would match everywhere.
 */
export function createMasker(secrets: readonly string[]): Masker {
  const ordered = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let masked = text;
    for (const secret of ordered) masked = masked.split(secret).join(SECRET_MASK);
    return masked;
  };
}

/**
 * Masks secrets in an error's message, stack and every own string field (such as `command` or
 * `serverMessage`), in place, and returns the same error so its class and `cause` stay intact.
 */
export function maskErrorInPlace<T>(error: T, mask: Masker): T {
  if (!(error instanceof Error)) return error;
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = mask(value);
  }
  error.message = mask(error.message);
  if (typeof error.stack === 'string') error.stack = mask(error.stack);
  return error;
}
