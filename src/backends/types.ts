/**
 * The contract every backend implements. A backend starts one command in one container and hands
 * back its streams; timeouts, retries, secret masking and logging wrap this contract in exec/.
 */
import type { Readable, Writable } from 'node:stream';

/** One command to start, already validated; `argv` is final (env wrapper and `sh -c` applied). */
export interface ExecRequest {
  pod: string;
  namespace: string;
  /** Container name; undefined means the pod's default container. */
  container: string | undefined;
  argv: readonly string[];
  /** Attach stdin; the session then exposes a writable `stdin`. */
  stdin: boolean;
  tty: boolean;
  /** Aborting closes the connection; the backend rejects pending work with the signal's reason. */
  signal: AbortSignal;
}

/** How the remote command ended, when it ended normally. */
export interface SessionExit {
  exitCode: number;
}

/** A started command. */
export interface ExecSession {
  /** The container the command runs in, after default selection. */
  readonly container: string;
  /** Notes for the caller that are not output, such as which default container was chosen. */
  readonly diagnostics: readonly string[];
  readonly stdout: Readable;
  /** Empty and ended at once under a TTY, where stderr is merged into stdout. */
  readonly stderr: Readable;
  /** Present when stdin was requested; ending it closes stdin of the remote command. */
  readonly stdin: Writable | undefined;
  /**
   * Settles when the exit status arrived and both output streams ended. Rejects with a typed
   * PodexecError: CommandStartError, StreamLostError, StdinCloseUnsupportedError, …
   * Errors carry no output: the caller fills `error.stdout`/`error.stderr` from what it read. So
   * that it has read everything, a rejection also waits until both streams ended, except after
   * an abort or `close()`, which settle at once.
   */
  readonly exit: Promise<SessionExit>;
  /** Sets the terminal size; ignored without a TTY. */
  resize(columns: number, rows: number): void;
  /** Closes the connection at once without waiting for the status. Idempotent. */
  close(): void;
}

/** Settings the dispatcher passes to a backend factory. */
export interface BackendOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  /** Default namespace when a run names none; otherwise the context's namespace. */
  namespace?: string | undefined;
  /** Backend-specific settings, such as `kubectlPath` for the kubectl backend. */
  [key: string]: unknown;
}

export interface Backend {
  /** The registered name this instance was created under. */
  readonly name: string;
  /** Namespace to use when a run names none (from options, else the kubeconfig context). */
  defaultNamespace(): Promise<string>;
  /** Starts the command; resolves once it is running (after the WebSocket upgrade, for `kube`). */
  exec(request: ExecRequest): Promise<ExecSession>;
  /** Releases connections and cached credentials. */
  close(): Promise<void>;
}

export type BackendFactory = (options: BackendOptions) => Backend;
