/**
 * Turns the error line kubectl printed into the typed error the kube backend raises for the same
 * failure, so callers match on one set of codes whichever backend ran.
 */
import {
  CommandStartError,
  ConnectError,
  ContainerNotFoundError,
  ContainerRequiredError,
  ForbiddenError,
  KubeconfigError,
  PodNotFoundError,
  PodNotRunningError,
  PodNotScheduledError,
  RateLimitedError,
  StreamLostError,
  UnauthorizedError,
  UpgradeFailedError,
  type ErrorContext,
  type PodexecError,
  type ServerStatusDetails,
} from '../../core/errors.js';

/** HTTP status of each Status reason kubectl shows in `Error from server (Reason): …`. */
const REASON_HTTP_STATUS: Readonly<Record<string, number>> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
};

const FROM_SERVER = /^Error from server(?: \((\w+)\))?:\s*([\s\S]*)$/;
const COMPLETED_POD = /cannot exec into a container in a completed pod; current phase is (\w+)/;
const CHOOSE_CONTAINER = /a container name must be specified for pod \S+, choose one of: \[([^\]]*)\]/;
const INVALID_CONTAINER = /container \S+ is not valid for pod \S+|container not found|container \S+ not found in pod/;
const CONNECT_FAILURE =
  /^Unable to connect to the server|^The connection to the server \S+ was refused|dial tcp|x509:|tls: |no such host/;
const CONFIG_FAILURE =
  /^error: (?:error loading config file|context "[^"]*" does not exist|cannot locate context|no context exists|stat .*: no such file)/;
const START_FAILURE = /executable file not found|no such file or directory|permission denied|error executing command|failed to exec|OCI runtime exec failed/;
const NOT_FOUND_EXECUTABLE = /executable file not found|no such file or directory/;

/** Maps kubectl's error line to a PodexecError carrying `context`. */
export function classifyKubectlError(message: string, context: ErrorContext, kubeconfigFile?: string): PodexecError {
  const fromServer = FROM_SERVER.exec(message);
  const reason = fromServer?.[1];
  const serverMessage = fromServer ? (fromServer[2] ?? '').trim() : stripErrorPrefix(message);
  const status: ServerStatusDetails = {
    httpStatus: reason === undefined ? undefined : REASON_HTTP_STATUS[reason],
    reason,
    serverMessage,
  };

  const completed = COMPLETED_POD.exec(message);
  if (completed) return new PodNotRunningError(completed[1] ?? 'Unknown', status, context);

  const choose = CHOOSE_CONTAINER.exec(message);
  if (choose) return new ContainerRequiredError(splitNames(choose[1] ?? ''), status, context);

  if (reason === 'NotFound') return new PodNotFoundError(status, context);
  if (INVALID_CONTAINER.test(message)) return new ContainerNotFoundError([], status, context);
  if (/does not have a host assigned/.test(message)) return new PodNotScheduledError(status, context);
  if (reason === 'Forbidden') return new ForbiddenError(status, context);
  if (reason === 'Unauthorized' || /You must be logged in to the server|\(Unauthorized\)/.test(message)) {
    return new UnauthorizedError({ ...status, httpStatus: 401, reason: 'Unauthorized' }, context);
  }
  if (reason === 'TooManyRequests') return new RateLimitedError(undefined, status, context);
  if (CONFIG_FAILURE.test(message)) {
    return new KubeconfigError(`kubectl could not use the kubeconfig: ${serverMessage}`, { file: kubeconfigFile });
  }
  if (CONNECT_FAILURE.test(message)) return new ConnectError(serverOf(message), `kubectl could not reach the API server: ${message}`, context);
  if (START_FAILURE.test(message)) {
    return new CommandStartError(NOT_FOUND_EXECUTABLE.test(message), { ...status, httpStatus: status.httpStatus ?? 500 }, context);
  }
  // `Error from server` means the API server rejected the request before any streaming.
  if (fromServer) return new UpgradeFailedError(status, context);
  // Anything else happened after kubectl started streaming, or is not recognized. The command may
  // have run, so report it like a lost connection rather than as a failure to start.
  return new StreamLostError(`kubectl failed: ${message || '(no message)'}`, context);
}

function stripErrorPrefix(message: string): string {
  return message.replace(/^error: /, '');
}

function splitNames(list: string): string[] {
  return list.split(/[\s,]+/).filter((name) => name !== '');
}

/** Returns the server kubectl named in a connection error, or `(unknown)`. */
function serverOf(message: string): string {
  const url = /https?:\/\/[^\s"/]+/.exec(message);
  if (url) return url[0];
  const refused = /The connection to the server (\S+) was refused/.exec(message);
  return refused?.[1] ?? '(unknown)';
}
