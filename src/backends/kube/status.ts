/** Reading the status-channel message of an exec into an exit code or a typed error. */
import {
  CommandStartError,
  ContainerNotFoundError,
  PodNotScheduledError,
  ProtocolError,
} from '../../core/errors.js';
import type { ErrorContext, PodexecError, ServerStatusDetails } from '../../core/errors.js';
import { exitStatusFromStatus, parseStatus } from '../../protocol/status.js';

export type StatusOutcome = { kind: 'exited'; exitCode: number } | { kind: 'failed'; error: PodexecError };

/** Messages of container runtimes when the executable does not exist (containerd, CRI-O, runc). */
const NOT_FOUND = /executable file not found|no such file or directory/i;
/** Kubelet errors that v5 servers send on the status channel after the 101 instead of as HTTP errors. */
const CONTAINER_MISSING = /container not found|container \S+ is not valid/i;
const NOT_SCHEDULED = /does not have a host assigned/i;

/** Parses one status-channel payload; an invalid payload is a ProtocolError outcome. */
export function outcomeFromStatusPayload(payload: Buffer, context: ErrorContext, validContainers: readonly string[]): StatusOutcome {
  const text = payload.toString('utf8');
  const status = parseStatus(text);
  if (!status) {
    const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return { kind: 'failed', error: new ProtocolError(`status channel message is not a Kubernetes Status object: ${JSON.stringify(excerpt)}`, context) };
  }
  const exit = exitStatusFromStatus(status);
  if (exit.kind === 'exited') return exit;

  const details: ServerStatusDetails = { httpStatus: exit.code, reason: exit.reason, serverMessage: exit.message };
  if (CONTAINER_MISSING.test(exit.message)) {
    return { kind: 'failed', error: new ContainerNotFoundError(validContainers, details, context) };
  }
  if (NOT_SCHEDULED.test(exit.message)) {
    return { kind: 'failed', error: new PodNotScheduledError(details, context) };
  }
  return { kind: 'failed', error: new CommandStartError(NOT_FOUND.test(exit.message), details, context) };
}
