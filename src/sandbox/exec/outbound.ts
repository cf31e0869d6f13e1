/**
 * The server-to-client side of one exec connection: keeps messages in order, applies the latency
 * and throttle faults, cuts output at a byte limit and signals the producer when to pause.
 */
import type { WebSocket } from 'ws';
import { encodeFrame } from '../../protocol/index.js';

/** Above this many queued and buffered bytes the process output is paused. */
export const OUTPUT_HIGH_WATER_BYTES = 1024 * 1024;
/** Below this many the paused output resumes. */
export const OUTPUT_LOW_WATER_BYTES = 256 * 1024;

export interface OutboundOptions {
  latencyMs: number;
  /** Zero or undefined means no pacing. */
  throttleBytesPerSecond: number | undefined;
  /** Stop output after this many stdout and stderr bytes; then call `onOutputLimit`. */
  outputByteLimit: number | undefined;
  onOutputLimit: () => void;
  /** Called when a paused producer may write again. */
  onDrain: () => void;
}

interface QueuedMessage {
  channel: number;
  payload: Buffer;
  readyAt: number;
  /** Output bytes count toward the limit and obey the throttle; control messages do not. */
  isOutput: boolean;
  onSent: (() => void) | undefined;
}

export class OutboundQueue {
  readonly #ws: WebSocket;
  readonly #options: OutboundOptions;
  readonly #queue: QueuedMessage[] = [];
  #queuedBytes = 0;
  #inFlight = 0;
  #outputBytes = 0;
  #limitReached = false;
  #paused = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #nextThrottledAt = 0;
  #flushWaiters: Array<() => void> = [];

  constructor(ws: WebSocket, options: OutboundOptions) {
    this.#ws = ws;
    this.#options = options;
  }

  /** Stdout and stderr bytes accepted for sending so far. */
  get outputBytes(): number {
    return this.#outputBytes;
  }

  /** True once output reached `outputByteLimit`; later output and control messages are dropped. */
  get limitReached(): boolean {
    return this.#limitReached;
  }

  /** Queues process output; returns false when the producer should pause until `onDrain`. */
  sendOutput(channel: number, chunk: Buffer): boolean {
    if (this.#stopped || this.#limitReached || chunk.length === 0) return !this.#stopped;

    let payload = chunk;
    let onSent: (() => void) | undefined;
    const limit = this.#options.outputByteLimit;
    if (limit !== undefined && this.#outputBytes + payload.length >= limit) {
      payload = payload.subarray(0, limit - this.#outputBytes);
      this.#limitReached = true;
      onSent = () => this.#options.onOutputLimit();
    }
    this.#outputBytes += payload.length;
    this.#enqueue(channel, payload, true, onSent);

    if (this.#pendingBytes() > OUTPUT_HIGH_WATER_BYTES) this.#paused = true;
    return !this.#paused;
  }

  /** Queues a control message, such as the first empty message or the status, behind all output. */
  sendMessage(channel: number, payload: Buffer): void {
    if (this.#stopped || this.#limitReached) return;
    this.#enqueue(channel, payload, false, undefined);
  }

  /** Resolves once every queued message was handed to the socket and written. */
  whenFlushed(): Promise<void> {
    if (this.#isFlushed()) return Promise.resolve();
    return new Promise((resolve) => this.#flushWaiters.push(resolve));
  }

  /** Drops queued messages and cancels timers; later sends are ignored. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    this.#resolveFlushWaiters();
  }

  #enqueue(channel: number, payload: Buffer, isOutput: boolean, onSent: (() => void) | undefined): void {
    const readyAt = Date.now() + this.#options.latencyMs;
    this.#queue.push({ channel, payload, readyAt, isOutput, onSent });
    this.#queuedBytes += payload.length;
    this.#pump();
  }

  #pump(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    const rate = this.#options.throttleBytesPerSecond;

    while (this.#queue.length > 0) {
      const message = this.#queue[0] as QueuedMessage;
      const now = Date.now();
      const throttled = rate !== undefined && rate > 0 && message.isOutput;
      const readyAt = throttled ? Math.max(message.readyAt, this.#nextThrottledAt) : message.readyAt;
      if (readyAt > now) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, readyAt - now);
        return;
      }

      if (throttled && message.payload.length > 0) {
        // Sends at most 50 ms worth of bytes, then waits the time those bytes take at the rate.
        const piece = message.payload.subarray(0, Math.max(1, Math.floor(rate / 20)));
        message.payload = message.payload.subarray(piece.length);
        this.#nextThrottledAt = Math.max(now, this.#nextThrottledAt) + (piece.length * 1000) / rate;
        const isLast = message.payload.length === 0;
        if (isLast) this.#queue.shift();
        this.#write(message.channel, piece, isLast ? message.onSent : undefined);
        continue;
      }

      this.#queue.shift();
      this.#write(message.channel, message.payload, message.onSent);
    }
  }

  #write(channel: number, payload: Buffer, onSent: (() => void) | undefined): void {
    this.#queuedBytes -= payload.length;
    this.#inFlight += 1;
    this.#ws.send(encodeFrame(channel, payload), { binary: true }, () => {
      this.#inFlight -= 1;
      if (onSent !== undefined && !this.#stopped) onSent();
      if (this.#paused && this.#pendingBytes() < OUTPUT_LOW_WATER_BYTES) {
        this.#paused = false;
        this.#options.onDrain();
      }
      if (this.#isFlushed()) this.#resolveFlushWaiters();
    });
  }

  #pendingBytes(): number {
    return this.#queuedBytes + this.#ws.bufferedAmount;
  }

  #isFlushed(): boolean {
    return this.#queue.length === 0 && this.#inFlight === 0;
  }

  #resolveFlushWaiters(): void {
    const waiters = this.#flushWaiters;
    this.#flushWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
