import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CommandStartError,
  ConnectError,
  PodNotFoundError,
  RateLimitedError,
  UpgradeFailedError,
} from '../../src/core/errors.js';
import { isRetryable, retryDelayMs } from '../../src/exec/retry.js';

describe('isRetryable', () => {
  it('retries failures that prove nothing ran', () => {
    assert.equal(isRetryable(new ConnectError('https://127.0.0.1:1', 'connect ECONNREFUSED')), true);
    assert.equal(isRetryable(new RateLimitedError(1, { httpStatus: 429 }, {})), true);
    assert.equal(isRetryable(new UpgradeFailedError({ httpStatus: 503 }, {})), true);
  });

  it('does not retry other failures', () => {
    assert.equal(isRetryable(new UpgradeFailedError({ httpStatus: 400 }, {})), false);
    assert.equal(isRetryable(new UpgradeFailedError({}, {})), false);
    assert.equal(isRetryable(new PodNotFoundError({ httpStatus: 404 }, {})), false);
    assert.equal(isRetryable(new CommandStartError(true, { httpStatus: 500 }, {})), false);
    assert.equal(isRetryable(new Error('boom')), false);
  });
});

describe('retryDelayMs', () => {
  it('honours Retry-After', () => {
    assert.equal(retryDelayMs(new RateLimitedError(3, { httpStatus: 429 }, {}), 0), 3000);
    assert.equal(retryDelayMs(new RateLimitedError(0, { httpStatus: 429 }, {}), 4), 0);
  });

  it('caps Retry-After at 10 s', () => {
    assert.equal(retryDelayMs(new RateLimitedError(120, { httpStatus: 429 }, {}), 0), 10_000);
  });

  it('backs off exponentially without Retry-After', () => {
    const error = new ConnectError('https://127.0.0.1:1', 'refused');
    assert.deepEqual([0, 1, 2, 3].map((attempt) => retryDelayMs(error, attempt)), [200, 400, 800, 1600]);
    assert.equal(retryDelayMs(error, 20), 10_000);
    assert.equal(retryDelayMs(new RateLimitedError(undefined, { httpStatus: 429 }, {}), 1), 400);
  });
});
