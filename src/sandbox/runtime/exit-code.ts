/** Exit code of a process as the exec API reports it: the status, or 128+N after signal N. */
import { constants } from 'node:os';

export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) {
    return code;
  }
  if (signal !== null) {
    const number = constants.signals[signal];
    return 128 + (number ?? 0);
  }
  // Node reports neither only if the process could not be waited for; runc reports 255 then.
  return 255;
}
