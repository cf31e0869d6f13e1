/**
 * One exec connection after the upgrade: runs the command, bridges its streams to the WebSocket
 * with flow control both ways, applies connection faults and ends with a status on channel 3.
 */
import { debuglog } from 'node:util';
import type { RawData, WebSocket } from 'ws';
import type { KubeStatus } from '../../protocol/index.js';
import {
  CLOSE_CHANNEL,
  RESIZE_CHANNEL,
  STATUS_CHANNEL,
  STDERR_CHANNEL,
  STDIN_CHANNEL,
  STDOUT_CHANNEL,
  V5_PROTOCOL,
  internalErrorStatus,
  nonZeroExitStatus,
  successStatus,
} from '../../protocol/index.js';
import type { ProcessOutcome, RuntimeProcess } from '../runtime/types.js';
import type { ExecFaults } from './faults.js';
import { OutboundQueue } from './outbound.js';
import type { ExecQuery } from './request.js';
import { parseResize } from './resize.js';
import type { ExecTarget } from './target.js';

const log = debuglog('podexec');

/** How long the server waits for the client's close frame before it destroys the connection. */
export const CLOSE_GRACE_MS = 1500;

/**
 * How long a TTY command waits for the client's first resize message before it starts with the
 * runtime's default size. kubectl and client-node send the size right after the upgrade, so the
 * wait is short in practice and the command gets the real size from its first instruction.
 */
export const TTY_SIZE_WAIT_MS = 300;

export interface ExecSessionInit {
  ws: WebSocket;
  protocol: string;
  query: ExecQuery;
  target: ExecTarget;
  faults: ExecFaults;
  /** Called once when the connection is gone, whatever the reason. */
  onClosed: () => void;
}

export class ExecSession {
  readonly #ws: WebSocket;
  readonly #init: ExecSessionInit;
  readonly #label: string;
  readonly #outbound: OutboundQueue;
  #process: RuntimeProcess | undefined;
  /** Set once the session decided how it ends; later events no longer change the outcome. */
  #ending: string | undefined;
  #stdinEnded = false;
  #timers: NodeJS.Timeout[] = [];
  #started = false;
  #startTimer: NodeJS.Timeout | undefined;
  /** Terminal size from a resize message that arrived before the command started. */
  #initialSize: { columns: number; rows: number } | undefined;
  /** Stdin that arrived before the command started, written to it once it runs. */
  #pendingStdin: Buffer[] = [];

  constructor(init: ExecSessionInit) {
    this.#init = init;
    this.#ws = init.ws;
    const { pod, container } = init.target;
    this.#label = `pod=${pod.namespace}/${pod.name} container=${container}`;

    const { faults } = init;
    const dropLimit = faults.dropAfterBytes;
    const closeLimit = faults.closeWithoutStatusAfterBytes;
    const dropWins = dropLimit !== undefined && (closeLimit === undefined || dropLimit <= closeLimit);
    const outputByteLimit = dropWins ? dropLimit : closeLimit;
    const onOutputLimit = dropWins ? () => this.#drop('drop-after-bytes') : () => this.#closeWithoutStatus();

    this.#outbound = new OutboundQueue(this.#ws, {
      latencyMs: faults.latencyMs ?? 0,
      throttleBytesPerSecond: faults.throttleBytesPerSecond,
      outputByteLimit,
      onOutputLimit,
      onDrain: () => this.#resumeOutput(),
    });

    this.#ws.on('error', (error) => log('exec %s websocket error: %s', this.#label, error.message));
    this.#ws.on('close', (code) => this.#onClose(code));
    this.#ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));

    // A kubelet announces the stream with one empty message on the lowest requested output channel.
    const { query } = init;
    let firstChannel = STATUS_CHANNEL;
    if (query.stdout) firstChannel = STDOUT_CHANNEL;
    else if (query.stderr) firstChannel = STDERR_CHANNEL;
    this.#outbound.sendMessage(firstChannel, Buffer.alloc(0));

    if (faults.dropAfterMs !== undefined) {
      this.#timers.push(setTimeout(() => this.#drop('drop-after-ms'), faults.dropAfterMs));
    }
    if (outputByteLimit === 0) {
      void this.#outbound.whenFlushed().then(onOutputLimit);
      return;
    }
    if (query.tty) {
      this.#startTimer = setTimeout(() => this.#start(), TTY_SIZE_WAIT_MS);
      this.#timers.push(this.#startTimer);
    } else {
      this.#start();
    }
  }

  /** Destroys the connection without a status; the process keeps running. */
  terminate(reason: string): void {
    this.#drop(reason, true);
  }

  #start(): void {
    if (this.#started || this.#ending !== undefined) return;
    this.#started = true;
    if (this.#startTimer !== undefined) clearTimeout(this.#startTimer);
    const { query, target } = this.#init;
    const { pod, container } = target;
    log('exec start %s argc=%d protocol=%s tty=%s', this.#label, query.argv.length, this.#init.protocol, query.tty);

    // Exec into an init container, or into a pod without running processes, is what a kubelet
    // rejects after the upgrade, so the client reads it on the status channel.
    if (pod.handle === undefined || !pod.containers.includes(container)) {
      this.#finish(internalErrorStatus(`unable to upgrade connection: container not found ("${container}")`), 'container-not-found');
      return;
    }

    const process = pod.handle.exec(container, query.argv, {
      tty: query.tty,
      columns: this.#initialSize?.columns,
      rows: this.#initialSize?.rows,
    });
    this.#process = process;
    process.stdin.on('error', (error) => log('exec %s stdin error: %s', this.#label, error.message));
    const pending = this.#pendingStdin;
    this.#pendingStdin = [];
    for (const chunk of pending) this.#writeStdin(chunk);
    if (!query.stdin || this.#stdinEnded) process.stdin.end();

    this.#pipeOutput(process.stdout, query.stdout, STDOUT_CHANNEL);
    this.#pipeOutput(process.stderr, query.stderr, STDERR_CHANNEL);
    void process.outcome.then((outcome) => this.#onOutcome(outcome));
  }

  #pipeOutput(stream: NodeJS.ReadableStream & { destroyed?: boolean }, requested: boolean, channel: number): void {
    stream.on('error', (error: Error) => log('exec %s channel %d read error: %s', this.#label, channel, error.message));
    stream.on('data', (chunk: Buffer | string) => {
      // Output of a stream the client did not request is read and discarded, like an unattached pipe.
      if (!requested || this.#ending !== undefined) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (!this.#outbound.sendOutput(channel, bytes)) this.#pauseOutput();
    });
  }

  #pauseOutput(): void {
    this.#process?.stdout.pause();
    this.#process?.stderr.pause();
  }

  #resumeOutput(): void {
    if (this.#ending !== undefined && this.#ending !== 'status') return;
    this.#process?.stdout.resume();
    this.#process?.stderr.resume();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#ending !== undefined) return;
    // Text frames carry the same channel byte and bytes as binary ones.
    void isBinary;
    const message = toBuffer(data);
    if (message.length === 0) return;
    const channel = message[0] as number;
    const payload = message.subarray(1);

    if (channel === STDIN_CHANNEL) {
      this.#writeStdin(payload);
    } else if (channel === RESIZE_CHANNEL) {
      const size = parseResize(payload);
      if (size === undefined) {
        log('exec %s ignored invalid resize message', this.#label);
      } else if (this.#init.query.tty && !this.#started) {
        this.#initialSize = size;
        this.#start();
      } else if (this.#init.query.tty) {
        this.#process?.resize(size.columns, size.rows);
      }
    } else if (channel === CLOSE_CHANNEL && this.#init.protocol === V5_PROTOCOL) {
      if (payload[0] === STDIN_CHANNEL) this.#endStdin();
    } else {
      // The API server ignores frames for channels it does not read, and so does the sandbox.
      log('exec %s ignored message on channel %d', this.#label, channel);
    }
  }

  #writeStdin(payload: Buffer): void {
    if (!this.#started) {
      if (this.#init.query.stdin && !this.#stdinEnded && payload.length > 0) this.#pendingStdin.push(Buffer.from(payload));
      return;
    }
    const stdin = this.#process?.stdin;
    if (!this.#init.query.stdin || this.#stdinEnded || stdin === undefined || stdin.destroyed) return;
    if (payload.length === 0) return;
    if (!stdin.write(payload) && !this.#ws.isPaused) {
      // The process reads slower than the client sends: stop reading frames until the pipe drains.
      this.#ws.pause();
      const resume = (): void => {
        stdin.off('drain', resume);
        stdin.off('close', resume);
        if (this.#ending !== 'closed' && this.#ending !== 'dropped') this.#ws.resume();
      };
      stdin.on('drain', resume);
      stdin.on('close', resume);
    }
  }

  #endStdin(): void {
    if (this.#stdinEnded) return;
    this.#stdinEnded = true;
    this.#process?.stdin.end();
  }

  #onOutcome(outcome: ProcessOutcome): void {
    if (this.#ending !== undefined) return;
    // A byte-limit fault ends this connection once its last bytes are written, so no status follows.
    if (this.#outbound.limitReached) return;
    if (outcome.kind === 'start-failed') {
      this.#finish(internalErrorStatus(outcome.message), 'start-failed');
    } else if (outcome.exitCode === 0) {
      this.#finish(successStatus(), 'exit 0');
    } else {
      this.#finish(nonZeroExitStatus(outcome.exitCode), `exit ${outcome.exitCode}`);
    }
  }

  /** Sends the status after all output, then closes with 1000. */
  #finish(status: KubeStatus, outcome: string): void {
    this.#ending = 'status';
    log('exec end %s outcome=%s', this.#label, outcome);
    this.#outbound.sendMessage(STATUS_CHANNEL, Buffer.from(JSON.stringify(status)));
    void this.#outbound.whenFlushed().then(() => this.#closeNormally());
  }

  #closeWithoutStatus(): void {
    if (this.#ending !== undefined) return;
    this.#ending = 'close-without-status';
    log('exec end %s outcome=fault close-without-status-after-bytes', this.#label);
    this.#outbound.stop();
    this.#releaseProcess();
    this.#closeNormally();
  }

  #closeNormally(): void {
    this.#ws.close(1000);
    // Some clients (Debian's python3-kubernetes 22.6) never send a close frame back.
    const timer = setTimeout(() => this.#ws.terminate(), CLOSE_GRACE_MS);
    timer.unref();
    this.#timers.push(timer);
  }

  /** Destroys the TCP connection; a fault does so only while the command still runs. */
  #drop(reason: string, force = false): void {
    if (this.#ending === 'dropped' || this.#ending === 'closed') return;
    if (this.#ending !== undefined && !force) return;
    if (this.#ending === undefined) log('exec end %s outcome=%s', this.#label, reason);
    this.#ending = 'dropped';
    this.#outbound.stop();
    this.#releaseProcess();
    this.#ws.terminate();
  }

  #onClose(code: number): void {
    const previous = this.#ending;
    this.#ending = 'closed';
    for (const timer of this.#timers) clearTimeout(timer);
    this.#outbound.stop();
    if (previous === undefined) log('exec end %s outcome=client-disconnected code=%d', this.#label, code);
    if (previous !== 'status') this.#releaseProcess();
    this.#init.onClosed();
  }

  /**
   * Ends the process's stdin and detaches from its output without killing it, as a kubelet does
   * when the client goes away. The runtime keeps draining the detached output.
   */
  #releaseProcess(): void {
    const process = this.#process;
    if (process === undefined) return;
    this.#stdinEnded = true;
    process.stdin.destroy();
    process.stdout.destroy();
    process.stderr.destroy();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (Buffer.isBuffer(data)) return data;
  return Buffer.from(data);
}
