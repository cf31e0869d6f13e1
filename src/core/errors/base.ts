/** The base error class, its context fields, and helpers for building messages. */

/** Location of a failure, and the output the remote command had written by then. */
export interface ErrorContext {
  pod?: string | undefined;
  namespace?: string | undefined;
  container?: string | undefined;
  /** The command as text, with secrets already masked. */
  command?: string | undefined;
  /** Output received before the failure; empty when nothing arrived. */
  stdout?: Buffer | undefined;
  stderr?: Buffer | undefined;
  durationMs?: number | undefined;
  cause?: unknown;
}

/** Base class: `code` identifies the failure kind, and the other fields locate it. */
export class PodexecError extends Error {
  readonly code: string;
  pod: string | undefined;
  namespace: string | undefined;
  container: string | undefined;
  command: string | undefined;
  stdout: Buffer;
  stderr: Buffer;
  durationMs: number | undefined;

  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.pod = context.pod;
    this.namespace = context.namespace;
    this.container = context.container;
    this.command = context.command;
    this.stdout = context.stdout ?? Buffer.alloc(0);
    this.stderr = context.stderr ?? Buffer.alloc(0);
    this.durationMs = context.durationMs;
  }
}

const TAIL_BYTES = 2048;

/** Returns the last bytes of `output` as text, for error messages. */
export function tailText(output: Buffer | undefined): string {
  if (!output || output.length === 0) return '';
  const start = Math.max(0, output.length - TAIL_BYTES);
  const text = output.subarray(start).toString('utf8').trimEnd();
  return start > 0 ? `…${text}` : text;
}

/** Describes a received value with its type, for InvalidOptionError messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'function':
      return 'a function';
    default:
      return `an object of type ${value.constructor?.name ?? 'Object'}`;
  }
}
