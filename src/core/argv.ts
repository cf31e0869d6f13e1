/**
 * Building the final argv of a run and showing it as text. podexec never joins argv into a shell
 * line to run it; the text form exists only for messages, logs and results.
 */
import { randomUUID } from 'node:crypto';

/** Environment variable that marks every process of one run, so the run can be found and stopped. */
export const RUN_ID_VARIABLE = 'PODEXEC_RUN_ID';

/** Argument characters that need no quoting in a POSIX shell. */
const PLAIN_ARGUMENT = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argument so that a POSIX shell would read it back unchanged. */
export function quoteArgument(argument: string): string {
  if (PLAIN_ARGUMENT.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

/** Shows argv as one shell-quoted line. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map(quoteArgument).join(' ');
}

/** Converts a command string into the argv that runs it: `sh -c STRING`, the only shell path. */
export function shellArgv(script: string): string[] {
  return ['sh', '-c', script];
}

/**
 * Prefixes argv with `env NAME=VALUE …` so the variables reach the command without a shell.
 * Returns argv unchanged when there are no variables.
 */
export function withEnvironment(argv: readonly string[], env: ReadonlyArray<readonly [string, string]>): string[] {
  if (env.length === 0) return [...argv];
  return ['env', ...env.map(([name, value]) => `${name}=${value}`), ...argv];
}

/** Creates a fresh run id for the marker variable. */
export function createRunId(): string {
  return randomUUID();
}

/**
 * Adds `PODEXEC_RUN_ID=<runId>` to the environment of argv. Every process the command starts
 * inherits it, which is how the remote stop finds the whole process tree.
 */
export function withRunMarker(argv: readonly string[], runId: string): string[] {
  if (argv[0] === 'env' && argv.length > 1 && argv[1]?.includes('=')) {
    return ['env', `${RUN_ID_VARIABLE}=${runId}`, ...argv.slice(1)];
  }
  return ['env', `${RUN_ID_VARIABLE}=${runId}`, ...argv];
}
