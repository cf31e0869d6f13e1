/**
 * The Kubernetes `Status` object as it travels on the exec status channel and in error bodies of
 * failed requests: building it (server side) and reading it (client side).
 */

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface KubeStatus {
  kind?: string;
  apiVersion?: string;
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code?: number;
}

/** Outcome of a command as the status channel reports it. */
export type ExitStatus =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'start-failed'; message: string; reason: string | undefined; code: number | undefined };

export function successStatus(): KubeStatus {
  return { metadata: {}, status: 'Success' };
}

/** The status a kubelet sends for a non-zero exit; `exitCode` is 1–255. */
export function nonZeroExitStatus(exitCode: number): KubeStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [...], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

export function internalErrorStatus(message: string): KubeStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** A Status for an HTTP error response, as the API server writes it. */
export function errorStatus(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): KubeStatus {
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return status;
}

/** Parses JSON text into a Status; returns undefined when it is not one. */
export function parseStatus(text: string): KubeStatus | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.status !== 'Success' && record.status !== 'Failure') return undefined;
  return value as KubeStatus;
}

/**
 * Turns a status-channel Status into an exit status. A Failure with a numeric ExitCode cause is an
 * exit; any other Failure means the command did not run (or the runtime failed it).
 */
export function exitStatusFromStatus(status: KubeStatus): ExitStatus {
  if (status.status === 'Success') return { kind: 'exited', exitCode: 0 };
  const causes = status.details?.causes ?? [];
  const exitCause = causes.find((cause) => cause.reason === 'ExitCode');
  if (status.reason === 'NonZeroExitCode' && exitCause?.message !== undefined) {
    const exitCode = Number(exitCause.message);
    if (Number.isInteger(exitCode) && exitCode >= 0 && exitCode <= 255) return { kind: 'exited', exitCode };
  }
  return { kind: 'start-failed', message: status.message ?? '', reason: status.reason, code: status.code };
}
