/** Errors of a run: context attached to backend errors, and the errors the dispatcher raises itself. */
import {
  CommandStartError,
  PodexecError,
  tailText,
  type ErrorContext,
} from '../core/errors.js';
import { maskErrorInPlace, type Masker } from '../core/secrets.js';

/**
 * Fills in where a backend error happened and what the command wrote by then, and masks secrets
 * in its message and fields. The error keeps its class, `code` and `cause`. Other errors only
 * get their secrets masked.
 */
export function attachContext<T>(error: T, context: ErrorContext, mask: Masker): T {
  if (error instanceof PodexecError) {
    error.pod ??= context.pod;
    error.namespace ??= context.namespace;
    error.container ??= context.container;
    error.command = context.command;
    if (error.stdout.length === 0 && context.stdout) error.stdout = context.stdout;
    if (error.stderr.length === 0 && context.stderr) error.stderr = context.stderr;
    error.durationMs = context.durationMs;
  }
  return maskErrorInPlace(error, mask);
}

/** The last line GNU and BusyBox env print when they cannot run their command. */
const ENV_START_FAILURE = /^env: .*(No such file or directory|Permission denied|not found)\s*$/;

/**
 * Detects a command that `env` could not start. A run with env variables or a run marker starts
 * as `env … COMMAND`. A missing executable then shows up as exit code 127 (126 when the file is
 * not executable) with env's message as the last line of stderr, not as a start failure.
 * Returns the CommandStartError a direct exec would have produced, or undefined.
 */
export function envStartFailure(exitCode: number, output: Buffer, context: ErrorContext): CommandStartError | undefined {
  if (exitCode !== 126 && exitCode !== 127) return undefined;
  const lines = tailText(output).split(/\r?\n/);
  const lastLine = lines[lines.length - 1] ?? '';
  if (!ENV_START_FAILURE.test(lastLine)) return undefined;
  return new CommandStartError(exitCode === 127, { serverMessage: lastLine }, context);
}
