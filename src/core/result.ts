/** The result of a finished run, and the handle of a run started with `wait: false`. */
import type { Writable } from 'node:stream';
import type { RemoteStopReport } from './errors.js';

/** The outcome of a command that ran to its end. */
export interface ExecResult {
  /** Everything the command wrote to stdout; empty when `buffer` was false. */
  stdout: Buffer;
  /** Everything the command wrote to stderr; empty under a TTY or when `buffer` was false. */
  stderr: Buffer;
  /** Exit code reported by the container runtime, 0–255; 128+N for a process killed by signal N. */
  exitCode: number;
  pod: string;
  namespace: string;
  /** The container the command ran in, after default-container selection. */
  container: string;
  /** The command as shell-quoted text with secrets masked. */
  command: string;
  /** Milliseconds from the start of the run (before connecting) to its end. */
  durationMs: number;
  /** Notes that are not output, such as which default container was chosen or a retry. */
  diagnostics: string[];
  /** Name of the backend that ran the command. */
  backend: string;
}

/** A run started with `wait: false`. */
export interface RunHandle {
  /** Settles like the promise `run` returns with `wait: true`. */
  result: Promise<ExecResult>;
  /**
   * Ends the run: closes the connection, stops the command in the pod, and rejects `result` with
   * CanceledError. Resolves with the outcome of the remote stop; safe to call more than once.
   */
  kill(): Promise<RemoteStopReport>;
  /** The command's stdin, present when the command set `stdin: true`; end it to close stdin. */
  stdin: Writable | undefined;
  /** Sets the terminal size under a TTY; applied once the command has started. */
  resize(columns: number, rows: number): void;
}
