/** Feeding a run's stdin: data in chunks or a stream, both with backpressure, then end of stdin. */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { STDIN_CHUNK_BYTES } from '../protocol/channels.js';

/**
 * Writes `data` to `sink` in chunks far below the protocol's frame limit, waiting for `drain`
 * when the sink is full, then ends the sink, which closes the command's stdin.
 */
export async function writeStdinData(data: Buffer, sink: Writable): Promise<void> {
  for (let offset = 0; offset < data.length; offset += STDIN_CHUNK_BYTES) {
    if (sink.destroyed || sink.writableEnded) return;
    const accepted = sink.write(data.subarray(offset, offset + STDIN_CHUNK_BYTES));
    if (!accepted) await Promise.race([once(sink, 'drain'), once(sink, 'close')]);
  }
  if (!sink.destroyed && !sink.writableEnded) sink.end();
}

/**
 * Pipes `source` into `sink` and ends the sink when the source ends. Returns a function that
 * stops the piping, for when the run ends before the source does.
 */
export function pipeStdinStream(source: Readable, sink: Writable, onSourceError: (error: unknown) => void): () => void {
  source.on('error', onSourceError);
  source.pipe(sink);
  return () => {
    source.unpipe(sink);
    source.off('error', onSourceError);
  };
}
