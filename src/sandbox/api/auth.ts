/** Bearer-token check for every API request. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Returns a new random token: 32 bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Returns a checker for `Authorization: Bearer <token>`. Both sides are hashed first so the
 * comparison takes the same time whatever the length or content of the presented token.
 */
export function createTokenCheck(token: string): (req: IncomingMessage) => boolean {
  const expected = createHash('sha256').update(token).digest();
  return (req) => {
    const header = req.headers.authorization;
    if (typeof header !== 'string') return false;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return false;
    const presented = createHash('sha256').update(match[1] as string).digest();
    return timingSafeEqual(presented, expected);
  };
}
