/**
 * A process's output as the API server reads it. It forwards the child's pipe with backpressure.
 * When the consumer destroys it (the client went away), the pipe keeps being drained and its data
 * discarded. The process then keeps running as in a real cluster, instead of dying of SIGPIPE or
 * blocking on a full pipe.
 */
import { Readable } from 'node:stream';

/** Wraps `source` so that destroying the result detaches from the process instead of closing its pipe. */
export function detachableOutput(source: Readable): Readable {
  let detached = false;

  const output = new Readable({
    read() {
      source.resume();
    },
    destroy(error, callback) {
      detached = true;
      source.resume();
      callback(error);
    },
  });

  source.on('data', (chunk: Buffer) => {
    if (detached) {
      return;
    }
    if (!output.push(chunk)) {
      source.pause();
    }
  });
  // A pipe destroyed without 'end' (the spawn failed) must still end the output.
  const finish = (): void => {
    if (!detached && !output.readableEnded) {
      output.push(null);
    }
  };
  source.on('end', finish);
  source.on('close', finish);
  source.on('error', (error) => {
    if (!detached) {
      output.destroy(error);
    }
  });
  return output;
}

/** Settles when `stream` has ended, closed or failed; never rejects. */
export function streamFinished(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded || stream.destroyed) {
      resolve();
      return;
    }
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
    stream.once('error', () => resolve());
  });
}

/** Creates a stream that ends at once without data, for stderr under a TTY. */
export function emptyOutput(): Readable {
  const output = new Readable({ read() {} });
  output.push(null);
  return output;
}
