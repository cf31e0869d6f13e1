/**
 * Caches credentials that are expensive or changing to fetch: exec plugin results until shortly
 * before they expire, and token files for a minute, because tokens mounted from Secrets and
 * projected volumes are rotated in place.
 */
import { readFile } from 'node:fs/promises';
import type { PluginCredentials } from './exec-credential.js';
import type { Credentials } from './types.js';

/** Plugin credentials are renewed this long before their expirationTimestamp. */
export const EXPIRY_MARGIN_MS = 10_000;

/** A token file is read again after this long; kubectl's client uses the same period. */
export const TOKEN_FILE_PERIOD_MS = 60_000;

/**
 * Holds the result of an exec plugin. Concurrent calls share one plugin run, a failed run is not
 * cached, and `invalidate()` makes the next call start a new run.
 */
export class PluginCredentialCache {
  readonly #run: () => Promise<PluginCredentials>;
  #cached: PluginCredentials | undefined;
  #pending: Promise<Credentials> | undefined;
  /** Counts invalidations, so a run started before one does not fill the cache after it. */
  #generation = 0;

  constructor(run: () => Promise<PluginCredentials>) {
    this.#run = run;
  }

  get(): Promise<Credentials> {
    const cached = this.#cached;
    if (cached && (cached.expiresAt === undefined || Date.now() < cached.expiresAt - EXPIRY_MARGIN_MS)) {
      return Promise.resolve(cached.credentials);
    }
    if (this.#pending) return this.#pending;

    const generation = this.#generation;
    const pending = this.#run()
      .then((result) => {
        if (generation === this.#generation) this.#cached = result;
        return result.credentials;
      })
      .finally(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
    this.#pending = pending;
    return pending;
  }

  invalidate(): void {
    this.#generation += 1;
    this.#cached = undefined;
    this.#pending = undefined;
  }
}

/** Reads a token file, keeping the value for TOKEN_FILE_PERIOD_MS. */
export class TokenFileCache {
  readonly #file: string;
  #token: string | undefined;
  #readAt = 0;

  constructor(file: string, initialToken: string) {
    this.#file = file;
    this.#token = initialToken;
    this.#readAt = Date.now();
  }

  /** Returns the token; a failed re-read keeps the last good value, because a rotation may be in progress. */
  async get(): Promise<string | undefined> {
    if (this.#token !== undefined && Date.now() - this.#readAt < TOKEN_FILE_PERIOD_MS) return this.#token;
    try {
      this.#token = parseTokenFile(await readFile(this.#file, 'utf8'));
      this.#readAt = Date.now();
    } catch {
      // Keep the previous token; the API server rejects it if it is no longer valid.
    }
    return this.#token;
  }

  invalidate(): void {
    this.#readAt = 0;
  }
}

/** Trims the surrounding whitespace and line breaks that token files usually end with. */
export function parseTokenFile(text: string): string {
  return text.trim();
}
