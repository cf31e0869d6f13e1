/** Failures of a running command: start, lost stream, protocol, limits, timeout, cancel, exit code. */
import { PodexecError, tailText, type ErrorContext } from './base.js';
import { ApiError, type ServerStatusDetails } from './api.js';

/** The command never ran: the executable is missing or the runtime could not start it. */
export class CommandStartError extends ApiError {
  /** True when the executable was not found, which the CLI reports with exit code 127. */
  readonly notFound: boolean;

  constructor(notFound: boolean, status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_COMMAND_START_FAILED',
      `Command could not start in pod ${context.pod ?? '(unknown)'} (namespace ${context.namespace ?? '(unknown)'}, ` +
        `container ${context.container ?? '(default)'}): ${context.command ?? ''}\n${status.serverMessage ?? ''}`.trimEnd(),
      status,
      context,
    );
    this.notFound = notFound;
  }
}

/** The connection ended before the server sent the exit status; the command may still be running. */
export class StreamLostError extends PodexecError {
  constructor(detail: string, context: ErrorContext) {
    super(
      'PODEXEC_STREAM_LOST',
      `Connection lost before the exit status arrived, in pod ${context.pod ?? '(unknown)'} ` +
        `(namespace ${context.namespace ?? '(unknown)'}): ${detail}. The output so far is on the error; ` +
        'the command may still be running.',
      context,
    );
  }
}

/** The server sent something the exec protocol does not allow. */
export class ProtocolError extends PodexecError {
  constructor(detail: string, context: ErrorContext = {}) {
    super('PODEXEC_PROTOCOL_ERROR', `Invalid exec protocol message: ${detail}`, context);
  }
}

/**
 * Stdin has to be closed but the negotiated subprotocol (v4) cannot close stdin without closing
 * the connection, which would lose the exit status.
 */
export class StdinCloseUnsupportedError extends PodexecError {
  readonly protocol: string;

  constructor(protocol: string, context: ErrorContext) {
    super(
      'PODEXEC_STDIN_CLOSE_UNSUPPORTED',
      `The server only speaks ${protocol}, which cannot signal end of stdin without losing the exit status. ` +
        'Use a server that offers v5.channel.k8s.io (Kubernetes 1.30 or newer), run without stdin, ' +
        'or use the kubectl backend.',
      context,
    );
    this.protocol = protocol;
  }
}

/** Collected output passed its cap; the run was stopped instead of truncating silently. */
export class OutputLimitError extends PodexecError {
  readonly stream: 'stdout' | 'stderr';
  readonly maxBuffer: number;

  constructor(stream: 'stdout' | 'stderr', maxBuffer: number, context: ErrorContext) {
    super(
      'PODEXEC_OUTPUT_LIMIT',
      `${stream} of the command exceeded maxBuffer (${maxBuffer} bytes) in pod ${context.pod ?? '(unknown)'}: ` +
        `${context.command ?? ''}. Raise maxBuffer, or stream the output with onStdout/onStderr and buffer: false.`,
      context,
    );
    this.stream = stream;
    this.maxBuffer = maxBuffer;
  }
}

/** Whether the command was stopped inside the pod after a timeout or cancellation. */
export interface RemoteStopReport {
  /**
   * True when no process of the command is left in the pod: the stop step ran and succeeded, or
   * the command had already ended, or it was canceled before it started.
   */
  stopped: boolean;
  /** Outcome of the stop step, or the reason the remote command could not be stopped. */
  detail?: string | undefined;
}

export class TimeoutError extends PodexecError {
  readonly timeoutMs: number;
  readonly remoteStop: RemoteStopReport;

  constructor(timeoutMs: number, remoteStop: RemoteStopReport, context: ErrorContext) {
    super(
      'PODEXEC_TIMEOUT',
      `Command timed out after ${timeoutMs} ms in pod ${context.pod ?? '(unknown)'} ` +
        `(namespace ${context.namespace ?? '(unknown)'}): ${context.command ?? ''}` +
        (remoteStop.stopped ? '' : `\nThe command may still be running: ${remoteStop.detail ?? 'it was not stopped'}`),
      context,
    );
    this.timeoutMs = timeoutMs;
    this.remoteStop = remoteStop;
  }
}

export class CanceledError extends PodexecError {
  readonly remoteStop: RemoteStopReport;

  constructor(remoteStop: RemoteStopReport, context: ErrorContext) {
    super(
      'PODEXEC_CANCELED',
      `Command was canceled in pod ${context.pod ?? '(unknown)'} (namespace ${context.namespace ?? '(unknown)'}): ` +
        `${context.command ?? ''}` +
        (remoteStop.stopped ? '' : `\nThe command may still be running: ${remoteStop.detail ?? 'it was not stopped'}`),
      context,
    );
    this.remoteStop = remoteStop;
  }
}

/** The command exited with a code outside `okExitCodes` while `checkExitCode` was set. */
export class CommandFailedError extends PodexecError {
  readonly exitCode: number;

  constructor(exitCode: number, context: ErrorContext) {
    const stderrTail = tailText(context.stderr);
    super(
      'PODEXEC_COMMAND_FAILED',
      `Command failed with exit code ${exitCode} in pod ${context.pod ?? '(unknown)'} ` +
        `(namespace ${context.namespace ?? '(unknown)'}, container ${context.container ?? '(default)'}): ` +
        `${context.command ?? ''}` +
        (stderrTail ? `\n${stderrTail}` : ''),
      context,
    );
    this.exitCode = exitCode;
  }
}
