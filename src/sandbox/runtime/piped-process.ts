/** A command running with stdin, stdout and stderr as pipes (an exec without a TTY). */
import { spawn } from 'node:child_process';
import { debuglog } from 'node:util';

import { exitCodeOf } from './exit-code.js';
import { detachableOutput, streamFinished } from './output.js';
import type { ProcessOutcome, RuntimeProcess } from './types.js';

const debug = debuglog('podexec');

export interface PipedSpawnOptions {
  environment: Record<string, string>;
  /** Host directory to start in. */
  cwd: string;
  /** argv[0] the process sees, when `file` is a resolved path. */
  argv0?: string | undefined;
  /** Called with the pid once the process exists; its process group has the same id. */
  onSpawn(pid: number): void;
  /** Called once the process has exited. */
  onExit(pid: number): void;
}

/**
 * Spawns `file` in a new session, so the process and everything it starts form one process group
 * that can be killed together. The child's streams are used directly, so backpressure reaches the
 * process through the pipe.
 */
export function spawnPiped(file: string, args: readonly string[], options: PipedSpawnOptions): RuntimeProcess {
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.environment,
    argv0: options.argv0,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid !== undefined) {
    options.onSpawn(pid);
  }

  // Writes after the process closed its stdin fail with EPIPE; the outcome still reports the exit.
  child.stdin.on('error', (error) => debug('runtime: stdin of pid %d failed: %s', pid, error.message));

  const stdout = detachableOutput(child.stdout);
  const stderr = detachableOutput(child.stderr);

  const exited = new Promise<ProcessOutcome>((resolve) => {
    child.once('error', (error) => {
      resolve({ kind: 'start-failed', message: `failed to exec in container: ${error.message}` });
    });
    child.once('exit', (code, signal) => {
      if (pid !== undefined) {
        options.onExit(pid);
      }
      resolve({ kind: 'exited', exitCode: exitCodeOf(code, signal) });
    });
  });
  const outcome = (async (): Promise<ProcessOutcome> => {
    const result = await exited;
    await Promise.all([streamFinished(stdout), streamFinished(stderr)]);
    return result;
  })();

  return {
    pid,
    stdin: child.stdin,
    stdout,
    stderr,
    resize() {
      // Without a terminal there is no window size to set.
    },
    outcome,
  };
}
