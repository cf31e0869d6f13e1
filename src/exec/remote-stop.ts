/**
 * Stopping a command inside the pod after a timeout or cancellation. Closing the connection does
 * not stop it, because the kubelet leaves the process running. Every process of a stoppable run
 * carries PODEXEC_RUN_ID=<run id> in its environment and passes it to its children, so a second
 * exec in the same container finds the whole process tree in /proc and sends SIGKILL. The stop
 * command itself does not carry the marker, so it never matches itself.
 */
import type { Backend } from '../backends/types.js';
import { CommandStartError, type RemoteStopReport } from '../core/errors.js';
import { RUN_ID_VARIABLE } from '../core/argv.js';

/** The stop command gets this long to connect and finish. */
export const REMOTE_STOP_TIMEOUT_MS = 10_000;

/** Exit code of the stop script when the container has no grep. */
const NO_GREP_EXIT_CODE = 3;

/**
 * Builds the shell script that kills every process whose environment contains the marker. It
 * scans twice so that a child forked during the first scan is caught by the second, and prints
 * how many distinct processes it signalled.
 */
export function remoteStopScript(runId: string): string {
  const marker = `^${RUN_ID_VARIABLE}=${runId}$`;
  return [
    `command -v grep >/dev/null 2>&1 || exit ${NO_GREP_EXIT_CODE}`,
    'killed=0',
    'signalled=" "',
    'for pass in 1 2; do',
    '  for d in /proc/[0-9]*; do',
    '    pid="${d#/proc/}"',
    // A process signalled in the first scan may still be exiting in the second; count it once.
    '    case "$signalled" in *" $pid "*) continue ;; esac',
    `    if grep -qz '${marker}' "$d/environ" 2>/dev/null && kill -KILL "$pid" 2>/dev/null; then`,
    '      killed=$((killed + 1))',
    '      signalled="$signalled$pid "',
    '    fi',
    '  done',
    'done',
    'echo "$killed"',
  ].join('\n');
}

export interface RemoteStopTarget {
  pod: string;
  namespace: string;
  /** The container the command ran in; undefined when it never started (default container). */
  container: string | undefined;
}

/** Runs the stop command through `backend` and reports whether it worked. Never rejects. */
export async function stopRemoteCommand(backend: Backend, target: RemoteStopTarget, runId: string): Promise<RemoteStopReport> {
  const signal = AbortSignal.timeout(REMOTE_STOP_TIMEOUT_MS);
  try {
    const session = await backend.exec({
      pod: target.pod,
      namespace: target.namespace,
      container: target.container,
      argv: ['sh', '-c', remoteStopScript(runId)],
      stdin: false,
      tty: false,
      signal,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    session.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    session.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const { exitCode } = await session.exit;
    return describeOutcome(exitCode, Buffer.concat(stdout).toString('utf8').trim(), Buffer.concat(stderr).toString('utf8').trim());
  } catch (error) {
    if (signal.aborted) {
      return { stopped: false, detail: `the stop command did not finish within ${REMOTE_STOP_TIMEOUT_MS} ms` };
    }
    if (error instanceof CommandStartError) {
      return { stopped: false, detail: `the container cannot run sh, which stopping the command needs: ${error.serverMessage ?? error.message}` };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { stopped: false, detail: `the stop command failed: ${message}` };
  }
}

function describeOutcome(exitCode: number, stdout: string, stderr: string): RemoteStopReport {
  if (exitCode === NO_GREP_EXIT_CODE) {
    return { stopped: false, detail: 'the container has no grep, which stopping the command needs' };
  }
  if (exitCode !== 0) {
    return { stopped: false, detail: `the stop command exited with code ${exitCode}${stderr ? `: ${stderr}` : ''}` };
  }
  const killed = Number(stdout);
  if (killed === 0) return { stopped: true, detail: 'no process of the command was left' };
  return { stopped: true, detail: `sent SIGKILL to ${Number.isInteger(killed) ? killed : 'the'} process${killed === 1 ? '' : 'es'}` };
}
