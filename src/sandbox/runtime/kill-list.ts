/**
 * Process ids that must not outlive this Node process. Pods are stopped with `stop()`/`stopAll()`,
 * and this list is the safety net for an exit without them, such as an uncaught exception or
 * process.exit(). An 'exit' listener SIGKILLs every id still listed, synchronously as the event
 * requires. Node emits no 'exit' when a signal such as SIGTERM ends it, so a sandbox that must
 * survive signals cleanly calls stopAll() from its signal handlers.
 */
import { debuglog } from 'node:util';

const debug = debuglog('podexec');

/** Positive numbers are pids, negative ones process groups, as for process.kill. */
const pending = new Set<number>();
let listening = false;

/** Adds `id` (a pid, or a negated process-group id) to the list killed at exit. */
export function killAtExit(id: number): void {
  pending.add(id);
  if (!listening) {
    listening = true;
    process.on('exit', killAllPending);
  }
}

/** Removes `id` from the list, for a process that ended or was killed already. */
export function forgetAtExit(id: number): void {
  pending.delete(id);
}

/** Sends SIGKILL to `id`; a process that is already gone is not an error. */
export function killNow(id: number): void {
  try {
    process.kill(id, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
      debug('runtime: SIGKILL to %d failed: %s', id, (error as Error).message);
    }
  }
}

function killAllPending(): void {
  for (const id of pending) {
    killNow(id);
  }
  pending.clear();
}
