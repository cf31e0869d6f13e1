/** How a contract case states what a backend must produce, and the check that compares it. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ExecResult } from '../../src/core/result.js';
import { PodexecError } from '../../src/core/errors.js';

/** Large outputs are compared by length and SHA-256 so a failure message stays readable. */
export interface Digest {
  length: number;
  sha256: string;
}

export type Bytes = Buffer | Digest;

export interface ResultExpectation {
  kind: 'result';
  stdout: Bytes;
  stderr: Bytes;
  exitCode: number;
  /** The container the result names, when the case is about container choice. */
  container?: string;
}

export interface ErrorExpectation {
  kind: 'error';
  errorClass: abstract new (...args: never[]) => PodexecError;
  code: string;
  message: string | RegExp;
  /**
   * Fields of the error, such as `phase` or `remoteStop.stopped` (a dotted path reaches into an
   * object). A RegExp value is matched against the field as text, others are compared with deepEqual.
   */
  fields?: Record<string, unknown>;
}

/** For a backend whose behaviour depends on a race it cannot control; each run must match one. */
export interface AnyOfExpectation {
  kind: 'any-of';
  options: ReadonlyArray<ResultExpectation | ErrorExpectation>;
}

export type Expectation = ResultExpectation | ErrorExpectation | AnyOfExpectation;

/** What one backend produced for one case, reduced to what backends must agree on. */
export type Outcome =
  | { kind: 'result'; stdout: Digest; stderr: Digest; exitCode: number }
  | { kind: 'error'; name: string; code: string; message: string };

export function digest(bytes: Buffer): Digest {
  return { length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Asserts that `settled` (a result or a thrown value) matches `expected`, and returns its outcome. */
export function checkOutcome(label: string, settled: { result: ExecResult } | { error: unknown }, expected: Expectation): Outcome {
  if (expected.kind === 'any-of') {
    const failures: string[] = [];
    for (const option of expected.options) {
      try {
        return checkOutcome(label, settled, option);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    assert.fail(`${label}: matched none of the expected outcomes:\n${failures.join('\n')}`);
  }
  if (expected.kind === 'result') {
    if ('error' in settled) {
      const error = settled.error as { name?: string; code?: string; message?: string };
      assert.fail(`${label}: expected a result, got ${error.name} ${error.code}: ${error.message}`);
    }
    const { result } = settled;
    if (Buffer.isBuffer(expected.stdout)) assert.deepEqual(result.stdout, expected.stdout, `${label}: stdout`);
    else assert.deepEqual(digest(result.stdout), expected.stdout, `${label}: stdout digest`);
    if (Buffer.isBuffer(expected.stderr)) assert.deepEqual(result.stderr, expected.stderr, `${label}: stderr`);
    else assert.deepEqual(digest(result.stderr), expected.stderr, `${label}: stderr digest`);
    assert.equal(result.exitCode, expected.exitCode, `${label}: exit code`);
    if (expected.container !== undefined) assert.equal(result.container, expected.container, `${label}: container`);
    return { kind: 'result', stdout: digest(result.stdout), stderr: digest(result.stderr), exitCode: result.exitCode };
  }

  if ('result' in settled) {
    assert.fail(`${label}: expected ${expected.code}, got exit code ${settled.result.exitCode} with stdout ${JSON.stringify(settled.result.stdout.toString())}`);
  }
  const error = settled.error;
  assert.ok(error instanceof expected.errorClass, `${label}: expected ${expected.errorClass.name}, got ${String(error)}`);
  assert.equal(error.code, expected.code, `${label}: code`);
  if (typeof expected.message === 'string') assert.equal(error.message, expected.message, `${label}: message`);
  else assert.match(error.message, expected.message, `${label}: message`);
  for (const [field, value] of Object.entries(expected.fields ?? {})) {
    const actual = readPath(error, field);
    if (value instanceof RegExp) assert.match(String(actual), value, `${label}: field ${field}`);
    else assert.deepEqual(actual, value, `${label}: field ${field}`);
  }
  return { kind: 'error', name: error.name, code: error.code, message: error.message };
}

/** Reads a dotted path such as `remoteStop.detail` from `value`. */
function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}
