/**
 * `podexec rsh`: a shell (or a command) in a pod with stdin attached, like `oc rsh`. A terminal is
 * allocated when local stdin is one, unless -t or -T overrides that. The exit code is the remote
 * command's, or one of podexec's failure codes.
 */
import { PodexecError } from '../core/errors.js';
import { Exec } from '../exec/index.js';
import { exitCodeFor } from './exit-codes.js';
import { parseRshArgs, RSH_USAGE, type RshArgs } from './rsh-args.js';
import { resolvePodTarget } from './target.js';
import { attachTerminal } from './terminal.js';
import { UsageError } from './usage-error.js';

/** The command `oc rsh` runs when none is given. */
const DEFAULT_SHELL = ['/bin/sh'];

/** Runs `podexec rsh ARGS` and returns the process exit code. */
export async function rshCommand(args: string[]): Promise<number> {
  let options: RshArgs;
  try {
    options = parseRshArgs(args);
  } catch (error) {
    return reportFailure(error);
  }
  if (options.help) {
    process.stdout.write(RSH_USAGE);
    return 0;
  }

  const stdin = process.stdin;
  const tty = options.tty ?? stdin.isTTY === true;
  // Without a terminal, Ctrl-C cancels the run and stops the remote command; in raw mode the
  // terminal sends it to the remote shell instead.
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.on('SIGINT', onInterrupt);
  let restoreTerminal = (): void => undefined;
  let exec: Exec | undefined;
  try {
    exec = new Exec({ backend: options.backend, kubeconfig: options.kubeconfig, context: options.context, namespace: options.namespace });
    const target = await resolvePodTarget(options.target, { ...options, signal: controller.signal });
    const command = options.command.length > 0 ? options.command : DEFAULT_SHELL;
    // An interactive shell needs the local terminal type, which exec does not pass by itself.
    const term = process.env.TERM;
    const env = options.command.length === 0 && term !== undefined && term !== '' ? { TERM: term } : undefined;

    const handle = exec.run(target.pod, target.namespace, {
      cmd: command,
      container: options.container,
      stdin,
      tty,
      env,
      signal: controller.signal,
      stdout: process.stdout,
      stderr: process.stderr,
      buffer: false,
      wait: false,
    });
    if (tty) restoreTerminal = attachTerminal((columns, rows) => handle.resize(columns, rows));
    const result = await handle.result;
    return result.exitCode;
  } catch (error) {
    restoreTerminal();
    return reportFailure(error);
  } finally {
    restoreTerminal();
    process.off('SIGINT', onInterrupt);
    stdin.unpipe();
    stdin.pause();
    await exec?.close();
  }
}

/** Prints the failure on stderr in the format of `podexec exec` and returns its exit code. */
function reportFailure(error: unknown): number {
  if (error instanceof PodexecError) {
    process.stderr.write(`podexec: ${error.code}: ${error.message}\n`);
    if (error instanceof UsageError) process.stderr.write("See 'podexec rsh --help'.\n");
  } else {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`podexec: internal error: ${message}\n`);
  }
  return exitCodeFor(error);
}
