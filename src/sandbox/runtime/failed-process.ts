/** A process that never started: empty output and a start-failed outcome. */
import { Writable } from 'node:stream';

import { emptyOutput } from './output.js';
import type { RuntimeProcess } from './types.js';

export function failedProcess(message: string): RuntimeProcess {
  return {
    pid: undefined,
    // Input sent before the client sees the failure is discarded.
    stdin: new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    }),
    stdout: emptyOutput(),
    stderr: emptyOutput(),
    resize() {
      // There is no terminal to resize.
    },
    outcome: Promise.resolve({ kind: 'start-failed', message }),
  };
}
