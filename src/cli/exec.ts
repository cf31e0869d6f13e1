/**
 * `podexec exec`: runs one command in a pod, streams its output as it arrives and exits with its
 * exit code. Ctrl-C cancels the run, stops the remote command and exits with 130.
 */
import type { ExecResult } from '../core/result.js';
import { CommandStartError, PodexecError } from '../core/errors.js';
import { Exec } from '../exec/index.js';
import { EXEC_USAGE, parseExecArgs, type ExecArgs } from './exec-args.js';
import { exitCodeFor, isBrokenPipe } from './exit-codes.js';
import { formatJsonError, formatJsonResult } from './json-output.js';
import { resolvePodTarget } from './target.js';
import { attachTerminal } from './terminal.js';
import { UsageError } from './usage-error.js';

/** Runs `podexec exec ARGS` and returns the process exit code. */
export async function execCommand(args: string[]): Promise<number> {
  let options: ExecArgs;
  try {
    options = parseExecArgs(args);
  } catch (error) {
    return reportFailure(error, 'text');
  }
  if (options.help) {
    process.stdout.write(EXEC_USAGE);
    return 0;
  }

  const stdin = process.stdin;
  let tty = options.tty;
  if (tty && !stdin.isTTY) {
    process.stderr.write('podexec: warning: --tty ignored because stdin is not a terminal\n');
    tty = false;
  }

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.on('SIGINT', onInterrupt);
  // A closed reader fails the run through the output target; later EPIPE events need a listener too.
  const onStdoutError = (error: Error): void => {
    if (!isBrokenPipe(error)) process.stderr.write(`podexec: writing stdout failed: ${error.message}\n`);
  };
  process.stdout.on('error', onStdoutError);
  let restoreTerminal = (): void => undefined;
  let exec: Exec | undefined;
  try {
    exec = new Exec({ backend: options.backend, kubeconfig: options.kubeconfig, context: options.context, namespace: options.namespace });
    const target = await resolvePodTarget(options.target, { ...options, signal: controller.signal });
    const json = options.output === 'json';
    const handle = exec.run(target.pod, target.namespace, {
      cmd: options.command,
      container: options.container,
      stdin: options.stdin ? stdin : undefined,
      tty,
      timeout: options.timeout,
      // The signal lets Ctrl-C stop the remote command. With `-i` the container needs `env` for
      // that marker, because stdin from a pipe cannot be sent again after a start failure.
      signal: controller.signal,
      stdout: json ? undefined : process.stdout,
      stderr: json ? undefined : process.stderr,
      buffer: json,
      wait: false,
    });
    if (tty) restoreTerminal = attachTerminal((columns, rows) => handle.resize(columns, rows));
    const result: ExecResult = await handle.result;
    if (json) process.stdout.write(formatJsonResult(result));
    return result.exitCode;
  } catch (error) {
    restoreTerminal();
    return reportFailure(error, options.output);
  } finally {
    restoreTerminal();
    process.off('SIGINT', onInterrupt);
    process.stdout.off('error', onStdoutError);
    if (options.stdin) {
      stdin.unpipe();
      stdin.pause();
    }
    await exec?.close();
  }
}

/** Prints the failure (on stderr, or as JSON on stdout) and returns its exit code. */
function reportFailure(error: unknown, output: 'text' | 'json'): number {
  if (isBrokenPipe(error)) {
    // The reader of our output went away, as with `| head -1`; like a command killed by SIGPIPE,
    // exit quietly. The dispatcher has already stopped the remote command.
  } else if (output === 'json') {
    process.stdout.write(formatJsonError(error));
  } else if (error instanceof CommandStartError && error.serverMessage?.startsWith('env: ')) {
    // env printed that line on the command's stderr, which was already streamed to ours.
    process.stderr.write(`podexec: ${error.code}: ${error.message.split('\n')[0] ?? ''}\n`);
  } else if (error instanceof PodexecError) {
    process.stderr.write(`podexec: ${error.code}: ${error.message}\n`);
    if (error instanceof UsageError) {
      const help = error.subcommand ? `podexec ${error.subcommand} --help` : 'podexec --help';
      process.stderr.write(`See '${help}'.\n`);
    }
  } else {
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    process.stderr.write(`podexec: internal error: ${message}\n`);
  }
  return exitCodeFor(error);
}
