/**
 * One run of one command: connect (with retries), feed stdin, consume output, and settle with the
 * result or a typed error. A timeout, a cancellation or `kill()` also stops the command in the pod.
 */
import { PassThrough } from 'node:stream';
import type { Backend, ExecSession } from '../backends/types.js';
import { createRunId, withRunMarker } from '../core/argv.js';
import type { NormalizedCommand } from '../core/command.js';
import {
  CanceledError,
  CommandFailedError,
  CommandStartError,
  OutputLimitError,
  TimeoutError,
  type ErrorContext,
  type RemoteStopReport,
} from '../core/errors.js';
import type { ExecResult, RunHandle } from '../core/result.js';
import { logRun, publishRunEnd, publishRunStart } from './observe.js';
import { OutputCollector } from './output.js';
import { stopRemoteCommand } from './remote-stop.js';
import { execWithRetries } from './retry.js';
import { attachContext, envStartFailure } from './run-errors.js';
import { pipeStdinStream, writeStdinData } from './stdin.js';

/** The reason a run ended before its command did. */
type Interruption =
  | { kind: 'timeout' }
  | { kind: 'cancel' }
  | { kind: 'limit'; stream: 'stdout' | 'stderr' }
  | { kind: 'error'; error: unknown };

/** A start failure because the container has no `env` (kubelet and sandbox wording). */
const MISSING_ENV_MESSAGE = /exec: "env": executable file not found|"env": no such file or directory/i;

const NO_ENV_NOTE = 'The container has no env binary, so the command ran without the run marker; ' +
  'a timeout or cancellation cannot stop it inside the pod.';

/** Rejection value of the interruption promise; the real reason is in `Run.#interruption`. */
const INTERRUPTED = Symbol('interrupted');

export class Run {
  readonly #backend: Backend;
  readonly #pod: string;
  readonly #command: NormalizedCommand;
  readonly #runId = createRunId();
  readonly #started = performance.now();
  readonly #controller = new AbortController();
  readonly #stdout: OutputCollector;
  readonly #stderr: OutputCollector;
  readonly #diagnostics: string[] = [];
  readonly #handleStdin: PassThrough | undefined;
  #namespace: string | undefined;
  #session: ExecSession | undefined;
  #attempted = false;
  #finished = false;
  #interruption: Interruption | undefined;
  #rejectInterrupted: (reason: unknown) => void = () => undefined;
  #remoteStop: Promise<RemoteStopReport> | undefined;
  #pendingSize: [number, number] | undefined;
  #cleanups: Array<() => void> = [];
  /** Whether the running command carries the run marker; false after the no-`env` fallback. */
  #marked: boolean;

  constructor(backend: Backend, pod: string, namespace: string | undefined, command: NormalizedCommand) {
    this.#backend = backend;
    this.#pod = pod;
    this.#namespace = namespace;
    this.#command = command;
    const onLimit = (stream: 'stdout' | 'stderr'): void => this.#interrupt({ kind: 'limit', stream });
    const onError = (error: unknown): void => this.#interrupt({ kind: 'error', error });
    this.#stdout = new OutputCollector({ name: 'stdout', buffer: command.buffer, maxBuffer: command.maxBuffer,
      callback: command.onStdout, target: command.stdout, onLimit, onError });
    this.#stderr = new OutputCollector({ name: 'stderr', buffer: command.buffer, maxBuffer: command.maxBuffer,
      callback: command.onStderr, target: command.stderr, onLimit, onError });
    this.#handleStdin = command.stdin.kind === 'handle' ? new PassThrough() : undefined;
    this.#marked = command.stoppable;
  }

  /** Starts the run and returns its handle; the result settles once the command ended. */
  start(): RunHandle {
    const result = this.#execute();
    return {
      result,
      kill: () => this.#kill(),
      stdin: this.#handleStdin,
      resize: (columns, rows) => this.#resize(columns, rows),
    };
  }

  async #execute(): Promise<ExecResult> {
    const interrupted = new Promise<never>((_resolve, reject) => {
      this.#rejectInterrupted = reject;
    });
    interrupted.catch(() => undefined);
    this.#watchTimeoutAndSignal();
    const main = this.#runToEnd();
    main.catch(() => undefined);
    let result: ExecResult | undefined;
    let failure: unknown;
    try {
      result = await Promise.race([main, interrupted]);
      return result;
    } catch (error) {
      failure = await this.#failure(error);
      throw failure;
    } finally {
      this.#finished = true;
      for (const cleanup of this.#cleanups) cleanup();
      publishRunEnd({ ...this.#describe(), durationMs: this.#elapsed(), exitCode: result?.exitCode,
        error: failure instanceof Error ? failure : undefined });
    }
  }

  async #runToEnd(): Promise<ExecResult> {
    this.#namespace ??= await this.#backend.defaultNamespace();
    publishRunStart(this.#describe());
    const argv = this.#marked ? withRunMarker(this.#command.argv, this.#runId) : this.#command.argv;
    try {
      return await this.#runSession(argv);
    } catch (error) {
      if (!this.#canRunWithoutMarker(error)) throw error;
      // The container has no `env`, so the marker cannot be set. The command never started, so it
      // is safe to run it again as given; it then cannot be found and stopped in the pod.
      this.#marked = false;
      this.#diagnostics.push(NO_ENV_NOTE);
      logRun(this.#runId, NO_ENV_NOTE);
      return await this.#runSession(this.#command.argv);
    }
  }

  /**
   * True when the run failed only because the container lacks the `env` binary that carries the
   * run marker: the command itself did not use env, nothing ran, and stdin can be sent again.
   */
  #canRunWithoutMarker(error: unknown): boolean {
    return this.#marked &&
      this.#interruption === undefined &&
      this.#command.argv[0] !== 'env' &&
      (this.#command.stdin.kind === 'none' || this.#command.stdin.kind === 'data') &&
      error instanceof CommandStartError &&
      error.notFound &&
      MISSING_ENV_MESSAGE.test(error.serverMessage ?? '') &&
      this.#stdout.tail().length === 0 &&
      this.#stderr.tail().length === 0;
  }

  async #runSession(argv: readonly string[]): Promise<ExecResult> {
    const command = this.#command;
    const namespace = this.#namespace ?? await this.#backend.defaultNamespace();
    const session = await execWithRetries(this.#backend, {
      pod: this.#pod,
      namespace,
      container: command.container,
      argv,
      stdin: command.stdin.kind !== 'none',
      tty: command.tty,
      signal: this.#controller.signal,
    }, command.retries, {
      onAttempt: () => {
        this.#attempted = true;
      },
      onRetry: (error, attempt, delayMs) => {
        const code = (error as { code?: unknown }).code;
        const note = `attempt ${attempt} failed (${typeof code === 'string' ? code : error.name}); retrying in ${delayMs} ms`;
        this.#diagnostics.push(note);
        logRun(this.#runId, `${note}: ${command.mask(error.message)}`);
      },
    });
    if (this.#interruption) {
      session.close();
      throw INTERRUPTED;
    }
    this.#session = session;
    session.exit.catch(() => undefined);
    for (const note of session.diagnostics) {
      if (!this.#diagnostics.includes(note)) this.#diagnostics.push(note);
    }
    if (this.#pendingSize) session.resize(...this.#pendingSize);
    this.#feedStdin(session);

    const [exit] = await Promise.all([
      session.exit,
      this.#stdout.consume(session.stdout),
      this.#stderr.consume(session.stderr),
    ]);
    return this.#finish(exit.exitCode);
  }

  /** Builds the result, or the error that `checkExitCode` or an env start failure calls for. */
  #finish(exitCode: number): ExecResult {
    const context = this.#context();
    if (this.#marked || this.#command.argv[0] === 'env') {
      const startFailure = envStartFailure(exitCode, this.#command.tty ? this.#stdout.tail() : this.#stderr.tail(), context);
      if (startFailure) throw startFailure;
    }
    if (this.#command.checkExitCode && !this.#command.okExitCodes.includes(exitCode)) {
      throw new CommandFailedError(exitCode, context);
    }
    return {
      stdout: context.stdout ?? Buffer.alloc(0),
      stderr: context.stderr ?? Buffer.alloc(0),
      exitCode,
      pod: this.#pod,
      namespace: this.#namespace ?? '',
      container: this.#session?.container ?? this.#command.container ?? '',
      command: this.#command.text,
      durationMs: context.durationMs ?? this.#elapsed(),
      diagnostics: [...this.#diagnostics],
      backend: this.#backend.name,
    };
  }

  #feedStdin(session: ExecSession): void {
    const source = this.#command.stdin;
    const sink = session.stdin;
    if (!sink) return;
    // The command may exit without reading all of stdin; the exit status still reports the outcome.
    sink.on('error', (error: Error) => logRun(this.#runId, `stdin write failed: ${this.#command.mask(error.message)}`));
    if (source.kind === 'data') {
      void writeStdinData(source.data, sink);
    } else if (source.kind === 'stream') {
      this.#cleanups.push(pipeStdinStream(source.stream, sink, (error) => this.#interrupt({ kind: 'error', error })));
    } else if (source.kind === 'handle' && this.#handleStdin) {
      this.#handleStdin.pipe(sink);
    }
  }

  #watchTimeoutAndSignal(): void {
    const { timeout, signal } = this.#command;
    if (timeout !== undefined) {
      const timer = setTimeout(() => this.#interrupt({ kind: 'timeout' }), timeout);
      this.#cleanups.push(() => clearTimeout(timer));
    }
    if (signal) {
      const onAbort = (): void => this.#interrupt({ kind: 'cancel' });
      if (signal.aborted) queueMicrotask(onAbort);
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        this.#cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
    }
  }

  /** Ends the run early; the first interruption wins. */
  #interrupt(interruption: Interruption): void {
    if (this.#interruption || this.#finished) return;
    this.#interruption = interruption;
    this.#controller.abort(INTERRUPTED);
    this.#session?.close();
    this.#rejectInterrupted(INTERRUPTED);
  }

  async #kill(): Promise<RemoteStopReport> {
    if (this.#finished && !this.#remoteStop) return { stopped: true, detail: 'the command had already ended' };
    this.#interrupt({ kind: 'cancel' });
    return this.#stopRemote();
  }

  #resize(columns: number, rows: number): void {
    this.#pendingSize = [columns, rows];
    this.#session?.resize(columns, rows);
  }

  /** Stops the command in the pod once, however many callers ask. */
  #stopRemote(): Promise<RemoteStopReport> {
    this.#remoteStop ??= this.#marked && this.#attempted && this.#namespace !== undefined
      ? stopRemoteCommand(this.#backend, {
        pod: this.#pod,
        namespace: this.#namespace,
        container: this.#session?.container ?? this.#command.container,
      }, this.#runId)
      : Promise.resolve(this.#attempted
        ? { stopped: false, detail: this.#command.stoppable
          ? 'the container has no env binary to set the run marker, so the command cannot be found in the pod'
          : 'the command carries no run marker, so it cannot be found in the pod' }
        : { stopped: true, detail: 'the command had not started' });
    return this.#remoteStop;
  }

  /** Turns whatever ended the run into the error it rejects with. */
  async #failure(error: unknown): Promise<unknown> {
    const interruption = this.#interruption;
    if (error !== INTERRUPTED || interruption === undefined) {
      return attachContext(error, this.#context(), this.#command.mask);
    }

    // Output limits and failing callbacks also leave the command running in the pod.
    const remoteStop = await this.#stopRemote();
    if (remoteStop.detail) logRun(this.#runId, `remote stop: ${remoteStop.detail}`);
    const context = this.#context();
    switch (interruption.kind) {
      case 'timeout':
        return new TimeoutError(this.#command.timeout ?? 0, remoteStop, context);
      case 'cancel':
        return new CanceledError(remoteStop, context);
      case 'limit':
        return new OutputLimitError(interruption.stream, this.#command.maxBuffer, context);
      case 'error':
        return attachContext(interruption.error, context, this.#command.mask);
    }
  }

  #context(): ErrorContext {
    return {
      pod: this.#pod,
      namespace: this.#namespace,
      container: this.#session?.container ?? this.#command.container,
      command: this.#command.text,
      stdout: this.#stdout.bytes(),
      stderr: this.#stderr.bytes(),
      durationMs: this.#elapsed(),
    };
  }

  #describe() {
    return {
      runId: this.#runId,
      backend: this.#backend.name,
      pod: this.#pod,
      namespace: this.#namespace ?? '',
      container: this.#session?.container ?? this.#command.container,
      command: this.#command.text,
    };
  }

  #elapsed(): number {
    return performance.now() - this.#started;
  }
}
