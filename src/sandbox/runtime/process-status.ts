/** Liveness checks on host processes, by pid or (negated) process-group id. */
import { setTimeout as sleep } from 'node:timers/promises';

/** How long `waitUntilGone` waits; SIGKILL cannot be ignored, so only reaping takes this long. */
const STOP_WAIT_MS = 5000;
const STOP_POLL_MS = 10;

/** Reports whether a process (or, for a negative id, a process group) still exists. */
export function processExists(id: number): boolean {
  try {
    process.kill(id, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until none of `ids` exists, for at most STOP_WAIT_MS; zombies count until reaped. */
export async function waitUntilGone(ids: readonly number[]): Promise<void> {
  const deadline = Date.now() + STOP_WAIT_MS;
  let remaining = ids.filter(processExists);
  while (remaining.length > 0 && Date.now() < deadline) {
    await sleep(STOP_POLL_MS);
    remaining = remaining.filter(processExists);
  }
}
