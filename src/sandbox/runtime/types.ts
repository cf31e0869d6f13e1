/**
 * The contract between the sandbox's API server and the code that runs pods as local processes.
 * The server parses manifests and speaks HTTP; the runtime only starts, joins and stops processes.
 */
import type { Readable, Writable } from 'node:stream';

export interface RuntimeContainerSpec {
  name: string;
  /** Environment in manifest order; the runtime adds HOSTNAME and the pod-wide variables. */
  env: ReadonlyArray<{ name: string; value: string }>;
  workingDir: string | undefined;
}

export interface RuntimePodSpec {
  /** Unique id; also names the pod's state on disk. */
  uid: string;
  name: string;
  namespace: string;
  containers: readonly RuntimeContainerSpec[];
  /** Commands that must not exist in this pod's containers (from `sandbox.podexec.io/missing-tools`). */
  missingTools: readonly string[];
  /** Variables every container gets, such as KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT. */
  podEnv: ReadonlyArray<{ name: string; value: string }>;
}

export interface RuntimeInfo {
  /** `namespaces`: PID, mount, UTS and IPC namespaces per pod; `plain`: ordinary child processes. */
  mode: 'namespaces' | 'plain';
  /** Why this mode was chosen, for the sandbox's startup log and for tests. */
  detail: string;
}

export interface ExecOptions {
  tty: boolean;
  /** Initial terminal size under a TTY. */
  columns?: number | undefined;
  rows?: number | undefined;
}

/** How a process ended: an exit code (128+N for signal N), or a failure to start. */
export type ProcessOutcome =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'start-failed'; message: string };

/**
 * One command running in a container. Read or destroy both output streams: `outcome` waits until
 * each has ended or was destroyed. Destroying one detaches it, and the process keeps running with
 * that output discarded, as in a cluster whose client went away.
 */
export interface RuntimeProcess {
  readonly pid: number | undefined;
  readonly stdin: Writable;
  /** Under a TTY: the terminal's output, `\r\n` line ends. */
  readonly stdout: Readable;
  /** Under a TTY: ends at once with no data. */
  readonly stderr: Readable;
  resize(columns: number, rows: number): void;
  /** Settles after the process exited and its output streams ended. Never rejects. */
  readonly outcome: Promise<ProcessOutcome>;
}

export interface PodHandle {
  readonly spec: RuntimePodSpec;
  /**
   * Starts `argv` in `container`. A missing executable (or one listed in missingTools) settles
   * `outcome` with start-failed and a message containing `executable file not found in $PATH`.
   */
  exec(container: string, argv: readonly string[], options: ExecOptions): RuntimeProcess;
  /** Kills every process of the pod (SIGKILL) and removes its state. */
  stop(): Promise<void>;
}

export interface PodRuntime {
  readonly info: RuntimeInfo;
  startPod(spec: RuntimePodSpec): Promise<PodHandle>;
  /** Stops every pod this runtime started; afterwards no process of it remains. */
  stopAll(): Promise<void>;
}
