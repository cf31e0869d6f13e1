/**
 * One `kubectl exec` child process presented as an ExecSession. stdout is kubectl's stdout as is;
 * stderr passes through KubectlMessageFilter, which removes kubectl's own lines and reports
 * whether the command exited or kubectl failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { debuglog } from 'node:util';
import { BackendUnavailableError, StreamLostError, type ErrorContext, type PodexecError } from '../../core/errors.js';
import type { ExecSession, SessionExit } from '../types.js';
import { classifyKubectlError } from './classify.js';
import { KubectlMessageFilter } from './message-filter.js';

const log = debuglog('podexec');

export interface SpawnSessionOptions {
  backend: string;
  binary: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  stdin: boolean;
  signal: AbortSignal;
  container: string;
  /** Notes known before the start, such as how the default container was chosen. */
  diagnostics: string[];
  /** Adds details to a classified kubectl error, such as the pod's valid containers. */
  enrichError: (error: PodexecError) => Promise<PodexecError>;
  kubeconfig: string | undefined;
  context: ErrorContext;
}

/** Spawns kubectl and resolves once the process is running. */
export function spawnSession(options: SpawnSessionOptions): Promise<ExecSession> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary, options.args, {
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: options.env,
      windowsHide: true,
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new BackendUnavailableError(
          options.backend,
          `The ${options.backend} backend could not start ${options.binary}: ${error.message}. Check that the file is an executable kubectl or oc.`,
          [options.binary],
          { ...options.context, cause: error },
        ),
      );
    });
    child.once('spawn', () => {
      log('kubectl backend: started pid %d: %s %s', child.pid, options.binary, options.args.slice(0, options.args.indexOf('--')).join(' '));
      resolve(new KubectlSession(child, options));
    });
  });
}

class KubectlSession implements ExecSession {
  readonly container: string;
  readonly diagnostics: string[];
  readonly stdout: Readable;
  readonly stderr: KubectlMessageFilter;
  readonly stdin: Writable | undefined;
  readonly exit: Promise<SessionExit>;
  private closedByCaller = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly options: SpawnSessionOptions,
  ) {
    this.container = options.container;
    this.diagnostics = options.diagnostics;
    this.stdout = child.stdout ?? new PassThrough().end();
    this.stdin = child.stdin ?? undefined;
    // kubectl exits on its own when stdin breaks; a write after that must not crash the caller.
    this.stdin?.on('error', (error) => log('kubectl backend: stdin of pid %d: %s', child.pid, error.message));

    const source = child.stderr;
    this.stderr = new KubectlMessageFilter(() => source?.resume());
    source?.on('data', (chunk: Buffer) => {
      if (!this.stderr.accept(chunk)) source.pause();
    });

    this.exit = new Promise<SessionExit>((resolve, reject) => {
      child.once('close', (code, signal) => {
        this.diagnostics.push(...this.stderr.notes);
        this.settle(code, signal, resolve, reject);
      });
    });
    // The caller may never await `exit` when it closes the session itself.
    this.exit.catch(() => undefined);

    if (options.signal.aborted) this.close();
    else options.signal.addEventListener('abort', () => this.close(), { once: true });
  }

  resize(): void {
    // Without a TTY there is no terminal to size.
  }

  close(): void {
    if (this.closedByCaller || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.closedByCaller = true;
    this.child.kill('SIGKILL');
  }

  private settle(
    code: number | null,
    signal: NodeJS.Signals | null,
    resolve: (exit: SessionExit) => void,
    reject: (error: unknown) => void,
  ): void {
    if (this.closedByCaller || code === null) {
      this.stderr.abandon();
      if (this.options.signal.aborted) {
        reject(this.options.signal.reason);
      } else if (this.closedByCaller) {
        reject(new StreamLostError('the session was closed before the command ended', this.options.context));
      } else {
        reject(new StreamLostError(`kubectl was ended by signal ${signal ?? 'unknown'}`, this.options.context));
      }
      return;
    }

    const outcome = this.stderr.finish(code);
    log('kubectl backend: pid %d exited %d (%s)', this.child.pid, code, outcome.kind);
    if (outcome.kind === 'exited') resolve({ exitCode: outcome.exitCode });
    else void this.options.enrichError(classifyKubectlError(outcome.message, this.options.context, this.options.kubeconfig)).then(reject);
  }
}
