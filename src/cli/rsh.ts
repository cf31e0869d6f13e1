/**
 * `podexec rsh`: a shell (or a command) in a pod with stdin attached, like `oc rsh`. A terminal is
 * allocated when local stdin is one, unless -t or -T overrides that. The exit code is the remote
 * command's, or a podexec failure code from cliExitCode.
 */
import { createApiClient } from '../api/client.js';
import { CommandStartError, InvalidOptionError, TimeoutError, UnknownBackendError } from '../core/errors.js';
import { Exec } from '../exec/index.js';
import { loadConnection } from '../kubeconfig/index.js';
import { parseTarget, resolveTarget } from '../targets/index.js';
import { parseRshArgs, RSH_USAGE, type RshArgs } from './rsh-args.js';

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
  let exec: Exec | undefined;
  let restoreTerminal = (): void => undefined;
  try {
    exec = new Exec({ backend: options.backend, kubeconfig: options.kubeconfig, context: options.context, namespace: options.namespace });
    const target = await resolvePod(options);
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
    stdin.unpipe();
    stdin.pause();
    await exec?.close();
  }
}

/** Resolves TARGET to a pod; a workload is looked up with the Kubernetes API whichever backend runs. */
async function resolvePod(options: RshArgs): Promise<{ pod: string; namespace: string | undefined }> {
  const parsed = parseTarget(options.target);
  if (parsed.type === 'pod') return { pod: parsed.name, namespace: options.namespace };

  const connection = await loadConnection({ kubeconfig: options.kubeconfig, context: options.context });
  const namespace = options.namespace ?? connection.namespace;
  const api = createApiClient(connection);
  try {
    return await resolveTarget(api, options.target, namespace);
  } finally {
    api.close();
  }
}

/** Puts the local terminal in raw mode and forwards its size; returns the function that undoes both. */
function attachTerminal(resize: (columns: number, rows: number) => void): () => void {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const wasRaw = stdin.isTTY === true && stdin.isRaw;
  if (stdin.isTTY) stdin.setRawMode(true);

  const sendSize = (): void => {
    if (stdout.columns && stdout.rows) resize(stdout.columns, stdout.rows);
  };
  sendSize();
  process.on('SIGWINCH', sendSize);

  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    process.off('SIGWINCH', sendSize);
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
  };
}

/** Prints the failure and returns its exit code. */
function reportFailure(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`podexec rsh: ${message}\n`);
  return cliExitCode(error);
}

/**
 * Returns the exit code for one of podexec's own failures. The codes follow `docker run`, so
 * scripts can tell them from remote exit codes: 2 usage, 124 timed out, 125 podexec or API
 * failure, 126 command could not start, 127 command not found.
 */
export function cliExitCode(error: unknown): number {
  if (error instanceof InvalidOptionError || error instanceof UnknownBackendError) return 2;
  if (error instanceof TimeoutError) return 124;
  if (error instanceof CommandStartError) return error.notFound ? 127 : 126;
  return 125;
}
