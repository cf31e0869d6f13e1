/**
 * The command model: what a caller may ask `Exec.run` to do, and its validated, normalized form.
 * The field checks live in command-fields.ts; this module defines the shapes and the order.
 */
import type { Readable, Writable } from 'node:stream';
import { InvalidOptionError } from './errors.js';
import { formatArgv, shellArgv, withEnvironment } from './argv.js';
import { createMasker, type Masker } from './secrets.js';
import {
  checkArgv,
  checkBoolean,
  checkCallback,
  checkContainer,
  checkEnv,
  checkExecutableForWrapper,
  checkMaxBuffer,
  checkOkExitCodes,
  checkRetries,
  checkSecrets,
  checkSignal,
  checkStdin,
  checkTimeout,
  checkUnknownFields,
  checkWritable,
} from './command-fields.js';

export { COMMAND_FIELDS, DEFAULT_MAX_BUFFER, DEFAULT_RETRIES } from './command-fields.js';

/** A command to run in a pod, with every setting of the run. */
export interface CommandOptions {
  /** Argv to run as is; a string runs as `sh -c STRING`, the only form that goes through a shell. */
  cmd: readonly string[] | string;
  /** Milliseconds for connecting and running together; on expiry the run rejects with TimeoutError. */
  timeout?: number | undefined;
  /** Aborting it rejects the run with CanceledError and stops the remote command. */
  signal?: AbortSignal | undefined;
  /** False returns a RunHandle at once instead of a promise of the result. Default true. */
  wait?: boolean | undefined;
  /** True rejects with CommandFailedError when the exit code is not in `okExitCodes`. Default false. */
  checkExitCode?: boolean | undefined;
  /** Exit codes that count as success for `checkExitCode`. Default [0]. */
  okExitCodes?: readonly number[] | undefined;
  /** Receives stdout chunks as they arrive. */
  onStdout?: ((chunk: Buffer) => void) | undefined;
  /** Receives stderr chunks as they arrive. */
  onStderr?: ((chunk: Buffer) => void) | undefined;
  /** Receives stdout with backpressure; podexec does not end it. */
  stdout?: Writable | undefined;
  /** Receives stderr with backpressure; podexec does not end it. */
  stderr?: Writable | undefined;
  /** False keeps no output in memory, for long-running commands. Default true. */
  buffer?: boolean | undefined;
  /** Bytes kept per output stream; more stops the run with OutputLimitError. Default 128 MiB. */
  maxBuffer?: number | undefined;
  /** Container name; the pod's default container when absent. */
  container?: string | undefined;
  /**
   * Data for the command's stdin, which is closed after it. `true` (only with `wait: false`)
   * attaches stdin and exposes it as `handle.stdin`.
   */
  stdin?: Buffer | Uint8Array | string | Readable | true | undefined;
  /** Allocates a terminal; stderr is then merged into stdout. Default false. */
  tty?: boolean | undefined;
  /** Variables set for the command through `env NAME=VALUE …`, without a shell. */
  env?: Readonly<Record<string, string>> | undefined;
  /** Values replaced by `***` in command text, error messages and logs (not in the output bytes). */
  secrets?: readonly string[] | undefined;
  /** Extra attempts when connecting fails before the command started. Default 2. */
  retries?: number | undefined;
}

/** A command object, or an argv array or command string as shorthand for `{ cmd }`. */
export type CommandInput = CommandOptions | readonly string[] | string;

/** Stdin as the dispatcher consumes it. */
export type StdinSource =
  | { kind: 'none' }
  | { kind: 'data'; data: Buffer }
  | { kind: 'stream'; stream: Readable }
  | { kind: 'handle' };

/** A validated command with every default applied. */
export interface NormalizedCommand {
  /** Argv after `sh -c` and the env wrapper, without the run marker. */
  argv: readonly string[];
  /** Argv as shell-quoted text with secrets masked, for results, errors and logs. */
  text: string;
  /** True when the run carries a PODEXEC_RUN_ID marker so it can be stopped remotely. */
  stoppable: boolean;
  timeout: number | undefined;
  signal: AbortSignal | undefined;
  wait: boolean;
  checkExitCode: boolean;
  okExitCodes: readonly number[];
  onStdout: ((chunk: Buffer) => void) | undefined;
  onStderr: ((chunk: Buffer) => void) | undefined;
  stdout: Writable | undefined;
  stderr: Writable | undefined;
  buffer: boolean;
  maxBuffer: number;
  container: string | undefined;
  stdin: StdinSource;
  tty: boolean;
  mask: Masker;
  retries: number;
}

/** Turns the shorthand forms into a command object, without checking its fields. */
function toCommandObject(input: unknown): Record<string, unknown> {
  if (typeof input === 'string' || Array.isArray(input)) return { cmd: input };
  if (typeof input === 'object' && input !== null && !Buffer.isBuffer(input)) {
    return input as Record<string, unknown>;
  }
  throw new InvalidOptionError('command', 'a command object, an argv array or a command string', input);
}

/**
 * Validates a whole command before any I/O and applies the defaults. Throws InvalidOptionError
 * naming the first invalid field, what it expects and what it received (secrets masked).
 */
export function normalizeCommand(input: unknown): NormalizedCommand {
  const fields = toCommandObject(input);
  const secrets = checkSecrets(fields.secrets);
  const mask = createMasker(secrets);
  checkUnknownFields(fields, mask);

  const userArgv = checkArgv(fields.cmd, mask);
  const timeout = checkTimeout(fields.timeout);
  const signal = checkSignal(fields.signal);
  const wait = checkBoolean('wait', fields.wait, true);
  const checkExitCode = checkBoolean('checkExitCode', fields.checkExitCode, false);
  const okExitCodes = checkOkExitCodes(fields.okExitCodes);
  const onStdout = checkCallback('onStdout', fields.onStdout);
  const onStderr = checkCallback('onStderr', fields.onStderr);
  const stdout = checkWritable('stdout', fields.stdout);
  const stderr = checkWritable('stderr', fields.stderr);
  const buffer = checkBoolean('buffer', fields.buffer, true);
  const maxBuffer = checkMaxBuffer(fields.maxBuffer);
  const container = checkContainer(fields.container);
  const stdin = checkStdin(fields.stdin, wait, mask);
  const tty = checkBoolean('tty', fields.tty, false);
  const env = checkEnv(fields.env, mask);
  const retries = checkRetries(fields.retries);

  const stoppable = timeout !== undefined || signal !== undefined || !wait;
  if (env.length > 0 || stoppable) checkExecutableForWrapper(userArgv, typeof fields.cmd === 'string', mask);

  const argv = withEnvironment(typeof userArgv === 'string' ? shellArgv(userArgv) : userArgv, env);
  const text = mask(formatArgv(argv.map(mask)));

  return {
    argv,
    text,
    stoppable,
    timeout,
    signal,
    wait,
    checkExitCode,
    okExitCodes,
    onStdout,
    onStderr,
    stdout,
    stderr,
    buffer,
    maxBuffer,
    container,
    stdin,
    tty,
    mask,
    retries,
  };
}
