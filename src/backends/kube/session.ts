/**
 * One exec over an open WebSocket: output channels into Readables with flow control, the status
 * channel into the exit promise, keepalive pings, and the rules for when the run has ended.
 */
import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { debuglog } from 'node:util';
import { WebSocket } from 'ws';
import { StdinCloseUnsupportedError, StreamLostError } from '../../core/errors.js';
import type { ErrorContext, PodexecError } from '../../core/errors.js';
import { STATUS_CHANNEL, STDERR_CHANNEL, STDOUT_CHANNEL, decodeFrame, encodeResize } from '../../protocol/channels.js';
import type { ExecSession, SessionExit } from '../types.js';
import { startKeepalive } from './keepalive.js';
import type { Keepalive } from './keepalive.js';
import { outcomeFromStatusPayload } from './status.js';
import { createStdin } from './stdin.js';

const log = debuglog('podexec');

export interface SessionSettings {
  socket: WebSocket;
  container: string;
  diagnostics: readonly string[];
  validContainers: readonly string[];
  stdin: boolean;
  tty: boolean;
  signal: AbortSignal;
  context: ErrorContext;
  keepaliveIntervalMs: number;
  keepaliveTimeoutMs: number;
  statusGraceMs: number;
}

/**
 * A running exec. `exit` settles once the outcome is known and both output streams were read to
 * the end (or destroyed). A success also waits for the socket to close, or for `statusGraceMs`
 * after the status, because some servers never close cleanly. Abort and `close()` settle at once.
 */
export class KubeExecSession implements ExecSession {
  readonly container: string;
  readonly diagnostics: readonly string[];
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly stdin: Writable | undefined;
  readonly exit: Promise<SessionExit>;

  private readonly socket: WebSocket;
  private readonly settings: SessionSettings;
  private readonly keepalive: Keepalive;
  /** Output streams whose buffer is full; the socket stays paused while any is listed. */
  private readonly blocked = new Set<Readable>();
  private exitCode: number | undefined;
  private failure: unknown;
  private outcomeKnown = false;
  private socketClosed = false;
  private graceTimer: NodeJS.Timeout | undefined;
  private graceExpired = false;
  private settled = false;
  /** Set by abort and close(): settle without waiting for the output streams. */
  private immediate = false;
  private socketError: Error | undefined;
  private resolveExit!: (exit: SessionExit) => void;
  private rejectExit!: (error: unknown) => void;

  constructor(settings: SessionSettings) {
    this.settings = settings;
    this.socket = settings.socket;
    this.container = settings.container;
    this.diagnostics = settings.diagnostics;
    this.exit = new Promise<SessionExit>((resolve, reject) => {
      this.resolveExit = resolve;
      this.rejectExit = reject;
    });
    this.stdout = this.createOutput();
    this.stderr = this.createOutput();
    if (settings.tty) this.stderr.push(null);
    this.stdin = settings.stdin
      ? createStdin(this.socket, { onCloseUnsupported: () => this.failWithCloseUnsupported() })
      : undefined;

    this.socket.on('message', (data: Buffer) => this.onMessage(data));
    this.socket.on('error', (error: Error) => {
      log('exec socket error pod=%s/%s: %s', settings.context.namespace, settings.context.pod, error.message);
      this.socketError = error;
    });
    this.socket.on('close', (code: number, reason: Buffer) => this.onClose(code, reason.toString('utf8')));
    this.keepalive = startKeepalive(this.socket, {
      intervalMs: settings.keepaliveIntervalMs,
      timeoutMs: settings.keepaliveTimeoutMs,
      isPaused: () => this.blocked.size > 0,
      onDead: (detail) => this.fail(new StreamLostError(detail, settings.context), true),
    });
    settings.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  resize(columns: number, rows: number): void {
    if (!this.settings.tty || this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(encodeResize(columns, rows));
  }

  close(): void {
    if (this.settled) return;
    this.immediate = true;
    this.fail(new StreamLostError('the client closed the connection', this.settings.context), true);
  }

  private createOutput(): Readable {
    const stream: Readable = new Readable({
      read: () => this.unblock(stream),
    });
    stream.on('end', () => this.settle());
    stream.on('close', () => {
      this.unblock(stream);
      this.settle();
    });
    return stream;
  }

  private unblock(stream: Readable): void {
    if (!this.blocked.delete(stream)) return;
    if (this.blocked.size === 0 && this.socket.isPaused) this.socket.resume();
  }

  private push(stream: Readable, payload: Buffer): void {
    if (payload.length === 0 || stream.destroyed || stream.readableEnded) return;
    if (this.outcomeKnown) {
      log('exec: %d output bytes after the status ignored', payload.length);
      return;
    }
    if (!stream.push(payload)) {
      this.blocked.add(stream);
      this.socket.pause();
    }
  }

  private onMessage(data: Buffer): void {
    this.keepalive.markAlive();
    const frame = decodeFrame(data);
    // The server opens with one empty message; an empty message carries nothing at any time.
    if (!frame) return;
    switch (frame.channel) {
      case STDOUT_CHANNEL:
        this.push(this.stdout, frame.payload);
        return;
      case STDERR_CHANNEL:
        this.push(this.stderr, frame.payload);
        return;
      case STATUS_CHANNEL:
        this.onStatus(frame.payload);
        return;
      default:
        // Channels 0 and 4 flow only to the server; later protocol versions may add others.
        log('exec: ignoring %d bytes on channel %d', frame.payload.length, frame.channel);
    }
  }

  private onStatus(payload: Buffer): void {
    if (this.outcomeKnown) {
      log('exec: ignoring a second status message');
      return;
    }
    const outcome = outcomeFromStatusPayload(payload, this.settings.context, this.settings.validContainers);
    log('exec status pod=%s/%s %s', this.settings.context.namespace, this.settings.context.pod, payload.toString('utf8'));
    if (outcome.kind === 'failed') {
      this.fail(outcome.error, false);
      return;
    }
    this.exitCode = outcome.exitCode;
    this.outcomeKnown = true;
    this.endOutputs();
    this.graceTimer = setTimeout(() => {
      this.graceExpired = true;
      this.socket.terminate();
      this.settle();
    }, this.settings.statusGraceMs);
    this.graceTimer.unref();
    this.settle();
  }

  private onClose(code: number, reason: string): void {
    log('exec close pod=%s/%s code=%d %s', this.settings.context.namespace, this.settings.context.pod, code, reason);
    this.socketClosed = true;
    this.keepalive.stop();
    if (!this.outcomeKnown) {
      const detail = this.socketError
        ? `the connection failed: ${this.socketError.message}`
        : `the server closed the connection with code ${code}${reason ? ` (${reason})` : ''}`;
      this.fail(new StreamLostError(detail, { ...this.settings.context, cause: this.socketError }), false);
    }
    this.endOutputs();
    this.settle();
  }

  private readonly onAbort = (): void => {
    if (this.settled) return;
    this.immediate = true;
    this.fail(this.settings.signal.reason, true);
  };

  private failWithCloseUnsupported(): void {
    const error: PodexecError = new StdinCloseUnsupportedError(this.socket.protocol, this.settings.context);
    this.fail(error, true);
  }

  /** Records the first failure; `terminate` closes the socket at once. */
  private fail(error: unknown, terminate: boolean): void {
    if (!this.outcomeKnown) {
      this.outcomeKnown = true;
      this.failure = error;
    }
    if (terminate) this.socket.terminate();
    this.endOutputs();
    this.settle();
  }

  private endOutputs(): void {
    for (const stream of [this.stdout, this.stderr]) {
      if (!stream.destroyed && !stream.readableEnded) stream.push(null);
    }
  }

  /** True once a stream has nothing left for its consumer: ended, destroyed, or ended and empty. */
  private drained(stream: Readable): boolean {
    return stream.readableEnded || stream.destroyed || (stream.readableLength === 0 && this.outcomeKnown);
  }

  private settle(): void {
    if (this.settled || !this.outcomeKnown) return;
    const outputsDone = this.drained(this.stdout) && this.drained(this.stderr);
    if (!this.immediate && !outputsDone) return;
    if (this.failure === undefined && !this.immediate && !this.socketClosed && !this.graceExpired) return;

    this.settled = true;
    this.keepalive.stop();
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.settings.signal.removeEventListener('abort', this.onAbort);
    if (!this.socketClosed) this.socket.terminate();
    if (this.failure !== undefined) this.rejectExit(this.failure);
    else this.resolveExit({ exitCode: this.exitCode ?? 0 });
  }
}
