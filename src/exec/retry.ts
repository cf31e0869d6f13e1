/**
 * Retries of the connection step. A retry happens only when the command cannot have started:
 * the API server was unreachable, or it rejected the upgrade request with 429 or a 5xx status.
 * Once a backend returned a session, nothing is retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectError, RateLimitedError, UpgradeFailedError } from '../core/errors.js';
import type { Backend, ExecRequest, ExecSession } from '../backends/types.js';

/** First delay between attempts; each further attempt doubles it. */
const BASE_DELAY_MS = 200;
/** Cap on the computed backoff and on a server's Retry-After. */
const MAX_DELAY_MS = 10_000;

/** Returns true for errors that prove the command did not start and a new attempt may succeed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ConnectError || error instanceof RateLimitedError) return true;
  return error instanceof UpgradeFailedError && error.httpStatus !== undefined && error.httpStatus >= 500;
}

/**
 * Returns the delay before attempt `attempt + 1` (attempt counts from 0): the server's Retry-After
 * when it sent one, else exponential backoff; both capped at 10 s.
 */
export function retryDelayMs(error: unknown, attempt: number): number {
  if (error instanceof RateLimitedError && error.retryAfterSeconds !== undefined) {
    return Math.min(Math.max(0, error.retryAfterSeconds) * 1000, MAX_DELAY_MS);
  }
  return Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
}

export interface RetryHooks {
  /** Called before each wait, with the error that caused it and the delay. */
  onRetry(error: Error, attempt: number, delayMs: number): void;
  /** Called before each attempt is sent, so a timeout can tell that a command may be starting. */
  onAttempt(): void;
}

/**
 * Calls `backend.exec` up to `retries + 1` times. Waits honour `request.signal`; an abort during
 * a wait rejects with the signal's reason.
 */
export async function execWithRetries(backend: Backend, request: ExecRequest, retries: number, hooks: RetryHooks): Promise<ExecSession> {
  for (let attempt = 0; ; attempt++) {
    request.signal.throwIfAborted();
    hooks.onAttempt();
    try {
      return await backend.exec(request);
    } catch (error) {
      if (attempt >= retries || !isRetryable(error) || request.signal.aborted) throw error;
      const delayMs = retryDelayMs(error, attempt);
      hooks.onRetry(error as Error, attempt + 1, delayMs);
      await sleep(delayMs, undefined, { signal: request.signal }).catch(() => {
        throw request.signal.reason;
      });
    }
  }
}
