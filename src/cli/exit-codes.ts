/**
 * Exit codes for podexec's own failures. They follow `docker run`, so scripts can tell them apart
 * from the remote command's exit codes; docs/exit-codes.md lists them.
 */
import { CanceledError, CommandStartError, InvalidOptionError, TimeoutError, UnknownBackendError } from '../core/errors.js';
import { UsageError } from './usage-error.js';

export const EXIT_USAGE = 2;
export const EXIT_TIMEOUT = 124;
export const EXIT_PODEXEC_FAILURE = 125;
export const EXIT_CANNOT_START = 126;
export const EXIT_NOT_FOUND = 127;
/** 128 + SIGINT, as shells report a command stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;
/** 128 + SIGPIPE, as shells report a writer whose reader went away (`podexec exec … | head -1`). */
export const EXIT_BROKEN_PIPE = 141;

/** True when writing the remote output to our stdout or stderr failed because the reader closed it. */
export function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EPIPE';
}

/** Returns the exit code for an error that ended a CLI command. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof InvalidOptionError || error instanceof UnknownBackendError) {
    return EXIT_USAGE;
  }
  if (isBrokenPipe(error)) return EXIT_BROKEN_PIPE;
  if (error instanceof TimeoutError) return EXIT_TIMEOUT;
  if (error instanceof CanceledError) return EXIT_INTERRUPTED;
  if (error instanceof CommandStartError) return error.notFound ? EXIT_NOT_FOUND : EXIT_CANNOT_START;
  return EXIT_PODEXEC_FAILURE;
}
