/**
 * Observability of runs: `util.debuglog('podexec')` lines (NODE_DEBUG=podexec) and the
 * diagnostics_channel channels `podexec:run:start` and `podexec:run:end`. Both cost nothing without
 * subscribers. Every text passed here already has its secrets masked.
 */
import { channel } from 'node:diagnostics_channel';
import { debuglog } from 'node:util';

const log = debuglog('podexec');

/** Published when a run starts, before connecting. */
export const runStartChannel = channel('podexec:run:start');
/** Published once when a run settles, with either `exitCode` or `error`. */
export const runEndChannel = channel('podexec:run:end');

export interface RunStartMessage {
  runId: string;
  backend: string;
  pod: string;
  namespace: string;
  container: string | undefined;
  /** Command text with secrets masked. */
  command: string;
}

export interface RunEndMessage extends RunStartMessage {
  durationMs: number;
  exitCode: number | undefined;
  /** The error the run rejected with; its message and fields have secrets masked. */
  error: Error | undefined;
}

export function publishRunStart(message: RunStartMessage): void {
  log('run %s start: backend %s, pod %s/%s, container %s: %s', message.runId, message.backend, message.namespace,
    message.pod, message.container ?? '(default)', message.command);
  if (runStartChannel.hasSubscribers) runStartChannel.publish(message);
}

export function publishRunEnd(message: RunEndMessage): void {
  if (message.error) {
    const code = (message.error as { code?: unknown }).code;
    log('run %s failed after %d ms: %s: %s', message.runId, Math.round(message.durationMs),
      typeof code === 'string' ? code : message.error.name, message.error.message);
  } else {
    log('run %s end: exit code %d after %d ms', message.runId, message.exitCode, Math.round(message.durationMs));
  }
  if (runEndChannel.hasSubscribers) runEndChannel.publish(message);
}

/** Writes one debug line for the run; `text` must have secrets masked. */
export function logRun(runId: string, text: string): void {
  log('run %s %s', runId, text);
}
