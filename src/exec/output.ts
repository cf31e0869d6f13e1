/**
 * Consumption of one output stream of a run: hands chunks to the callback, writes them to the
 * target with backpressure, and keeps them in memory up to `maxBuffer`.
 */
import type { Readable, Writable } from 'node:stream';

/** Bytes of the end of a stream kept even with `buffer: false`, for error detection and messages. */
const TAIL_BYTES = 4096;

export interface OutputOptions {
  name: 'stdout' | 'stderr';
  buffer: boolean;
  maxBuffer: number;
  callback: ((chunk: Buffer) => void) | undefined;
  target: Writable | undefined;
  /** Called once when the collected bytes would pass `maxBuffer`. */
  onLimit(name: 'stdout' | 'stderr'): void;
  /** Called when the callback throws or the target fails; the run should stop with `error`. */
  onError(error: unknown): void;
}

export class OutputCollector {
  readonly #options: OutputOptions;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #limitReached = false;
  #tail: Buffer = Buffer.alloc(0);

  constructor(options: OutputOptions) {
    this.#options = options;
  }

  /** Bytes collected so far, at most `maxBuffer`. */
  bytes(): Buffer {
    return Buffer.concat(this.#chunks, this.#size);
  }

  /** Returns the last 4 KiB received, also when `buffer` is false. */
  tail(): Buffer {
    return this.#tail;
  }

  /**
   * Reads `stream` to its end. Resolves when the stream ended or closed and every chunk written
   * to the target was flushed; never rejects (failures go to `onError`).
   */
  consume(stream: Readable): Promise<void> {
    const { target } = this.#options;
    let lastWrite: Promise<void> = Promise.resolve();
    if (target) target.on('error', this.#options.onError);

    stream.on('data', (chunk: Buffer) => {
      this.#keepTail(chunk);
      this.#collect(chunk);
      this.#notify(chunk);
      if (target) lastWrite = this.#write(stream, target, chunk);
    });

    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        lastWrite.then(() => {
          target?.off('error', this.#options.onError);
          resolve();
        }, resolve);
      };
      stream.once('end', finish);
      stream.once('close', finish);
      // A backend reports failures through the session's exit promise; a stream error only ends reading.
      stream.once('error', finish);
    });
  }

  #keepTail(chunk: Buffer): void {
    const joined = this.#tail.length === 0 ? chunk : Buffer.concat([this.#tail, chunk]);
    this.#tail = joined.length > TAIL_BYTES ? Buffer.from(joined.subarray(joined.length - TAIL_BYTES)) : joined;
  }

  #collect(chunk: Buffer): void {
    if (!this.#options.buffer || this.#limitReached) return;
    const room = this.#options.maxBuffer - this.#size;
    if (chunk.length <= room) {
      this.#chunks.push(chunk);
      this.#size += chunk.length;
      return;
    }
    if (room > 0) {
      this.#chunks.push(chunk.subarray(0, room));
      this.#size += room;
    }
    this.#limitReached = true;
    this.#options.onLimit(this.#options.name);
  }

  #notify(chunk: Buffer): void {
    if (!this.#options.callback) return;
    try {
      this.#options.callback(chunk);
    } catch (error) {
      this.#options.onError(error);
    }
  }

  /** Writes one chunk; pauses the source while the target's buffer is full. */
  #write(stream: Readable, target: Writable, chunk: Buffer): Promise<void> {
    return new Promise<void>((resolve) => {
      const accepted = target.write(chunk, () => resolve());
      if (!accepted) {
        stream.pause();
        target.once('drain', () => stream.resume());
      }
    });
  }
}
