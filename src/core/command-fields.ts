/**
 * One check per command field. Each returns the field's value with its default applied, or throws
 * InvalidOptionError naming the field, the expected type and the received value.
 */
import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { InvalidOptionError } from './errors.js';
import { CONTAINER_EXPECTED, isDnsLabel } from './names.js';
import type { Masker } from './secrets.js';
import { closestName } from './suggest.js';
import type { StdinSource } from './command.js';

/** Every field a command object may have, in the order the docs list them. */
export const COMMAND_FIELDS: readonly string[] = [
  'cmd', 'timeout', 'signal', 'wait', 'checkExitCode', 'okExitCodes', 'onStdout', 'onStderr',
  'stdout', 'stderr', 'buffer', 'maxBuffer', 'container', 'stdin', 'tty', 'env', 'secrets', 'retries',
];

/** Bytes collected per output stream when `maxBuffer` is not set (128 MiB). */
export const DEFAULT_MAX_BUFFER = 128 * 1024 * 1024;
/** Attempts added after a failed connection when `retries` is not set. */
export const DEFAULT_RETRIES = 2;

/** Largest delay setTimeout accepts; longer delays fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;
const MAX_RETRIES = 10;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Masks secrets in a received string so the error never shows one. */
function maskReceived(value: unknown, mask: Masker): unknown {
  return typeof value === 'string' ? mask(value) : value;
}

export function checkSecrets(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidOptionError('secrets', 'an array of non-empty strings', value);
  value.forEach((secret: unknown, index) => {
    if (typeof secret !== 'string' || secret.length === 0) {
      throw new InvalidOptionError(`secrets[${index}]`, 'a non-empty string', secret);
    }
  });
  return value as string[];
}

export function checkUnknownFields(fields: Record<string, unknown>, mask: Masker): void {
  for (const key of Object.keys(fields)) {
    if (COMMAND_FIELDS.includes(key)) continue;
    const suggestion = closestName(key, COMMAND_FIELDS);
    const hint = suggestion ? `Did you mean "${suggestion}"?` : `Known fields: ${COMMAND_FIELDS.join(', ')}.`;
    throw new InvalidOptionError(key, 'a known command field', maskReceived(fields[key], mask), hint);
  }
}

/** Returns the command string for `sh -c`, or a copy of the argv array. */
export function checkArgv(value: unknown, mask: Masker): string | string[] {
  const expected = 'a non-empty argv array of strings or a non-empty command string';
  if (typeof value === 'string') {
    if (value.length === 0) throw new InvalidOptionError('cmd', expected, value);
    if (value.includes('\0')) throw new InvalidOptionError('cmd', 'a string without NUL characters', mask(value));
    return value;
  }
  if (!Array.isArray(value) || value.length === 0) throw new InvalidOptionError('cmd', expected, value);
  value.forEach((argument: unknown, index) => {
    if (typeof argument !== 'string') throw new InvalidOptionError(`cmd[${index}]`, 'a string', argument);
    if (argument.includes('\0')) {
      throw new InvalidOptionError(`cmd[${index}]`, 'a string without NUL characters', mask(argument));
    }
  });
  if (value[0] === '') throw new InvalidOptionError('cmd[0]', 'a non-empty executable name', value[0]);
  return [...(value as string[])];
}

/**
 * Rejects an executable name containing "=" when the run goes through `env`, which would read it
 * as one more variable assignment and run something else.
 */
export function checkExecutableForWrapper(argv: string | readonly string[], isShellString: boolean, mask: Masker): void {
  if (isShellString || typeof argv === 'string') return;
  const executable = argv[0] ?? '';
  if (!executable.includes('=')) return;
  throw new InvalidOptionError(
    'cmd[0]',
    'an executable name without "=" when env, timeout, signal or wait: false is set',
    mask(executable),
    'These settings run the command through env, which would take the name for a variable assignment.',
  );
}

export function checkTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new InvalidOptionError('timeout', `a positive number of milliseconds up to ${MAX_TIMEOUT_MS}`, value);
  }
  return value;
}

export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) throw new InvalidOptionError('signal', 'an AbortSignal', value);
  return value;
}

export function checkBoolean(option: string, value: unknown, defaultValue: boolean): boolean {
  if (value === undefined) return defaultValue;
  if (typeof value !== 'boolean') throw new InvalidOptionError(option, 'a boolean', value);
  return value;
}

export function checkOkExitCodes(value: unknown): readonly number[] {
  if (value === undefined) return [0];
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidOptionError('okExitCodes', 'a non-empty array of exit codes', value);
  }
  value.forEach((code: unknown, index) => {
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 255) {
      throw new InvalidOptionError(`okExitCodes[${index}]`, 'an integer from 0 to 255', code);
    }
  });
  return [...(value as number[])];
}

export function checkCallback(option: string, value: unknown): ((chunk: Buffer) => void) | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new InvalidOptionError(option, 'a function (chunk: Buffer) => void', value);
  return value as (chunk: Buffer) => void;
}

export function checkWritable(option: string, value: unknown): Writable | undefined {
  if (value === undefined) return undefined;
  const candidate = value as { write?: unknown; once?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.write !== 'function' || typeof candidate.once !== 'function') {
    throw new InvalidOptionError(option, 'a Writable stream', value);
  }
  return value as Writable;
}

export function checkMaxBuffer(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BUFFER;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidOptionError('maxBuffer', 'a positive integer number of bytes', value);
  }
  return value;
}

export function checkContainer(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isDnsLabel(value)) throw new InvalidOptionError('container', CONTAINER_EXPECTED, value);
  return value;
}

export function checkStdin(value: unknown, wait: boolean, mask: Masker): StdinSource {
  if (value === undefined) return { kind: 'none' };
  if (typeof value === 'string') return { kind: 'data', data: Buffer.from(value, 'utf8') };
  if (value instanceof Uint8Array) return { kind: 'data', data: Buffer.from(value.buffer, value.byteOffset, value.byteLength) };
  if (value instanceof Readable) return { kind: 'stream', stream: value };
  if (value === true && !wait) return { kind: 'handle' };
  const expected = 'a Buffer, a string or a Readable stream';
  if (value === true) {
    throw new InvalidOptionError('stdin', expected, value, 'stdin: true needs wait: false, because only the returned handle exposes the stdin stream.');
  }
  throw new InvalidOptionError('stdin', expected, maskReceived(value, mask));
}

/** Returns the variables in insertion order. */
export function checkEnv(value: unknown, mask: Masker): Array<[string, string]> {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError('env', 'an object mapping variable names to strings', value);
  }
  const entries: Array<[string, string]> = [];
  for (const [name, variable] of Object.entries(value)) {
    if (!ENV_NAME.test(name)) {
      throw new InvalidOptionError('env', `variable names matching ${ENV_NAME.source}`, mask(name));
    }
    if (typeof variable !== 'string') throw new InvalidOptionError(`env.${name}`, 'a string', variable);
    if (variable.includes('\0')) {
      throw new InvalidOptionError(`env.${name}`, 'a string without NUL characters', mask(variable));
    }
    entries.push([name, variable]);
  }
  return entries;
}

export function checkRetries(value: unknown): number {
  if (value === undefined) return DEFAULT_RETRIES;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_RETRIES) {
    throw new InvalidOptionError('retries', `an integer from 0 to ${MAX_RETRIES}`, value);
  }
  return value;
}
