/**
 * Every error podexec throws. Each class has a stable `code` that callers match on; messages may
 * be reworded between releases, codes may not. docs/errors.md lists every code.
 */

/** Where a failure happened and what the remote command had written by then. */
export interface ErrorContext {
  pod?: string | undefined;
  namespace?: string | undefined;
  container?: string | undefined;
  /** The command as text, with secrets already masked. */
  command?: string | undefined;
  /** Output received before the failure; empty when nothing arrived. */
  stdout?: Buffer | undefined;
  stderr?: Buffer | undefined;
  durationMs?: number | undefined;
  cause?: unknown;
}

/** Base class: `code` identifies the failure kind, the other fields say where it happened. */
export class PodexecError extends Error {
  readonly code: string;
  pod: string | undefined;
  namespace: string | undefined;
  container: string | undefined;
  command: string | undefined;
  stdout: Buffer;
  stderr: Buffer;
  durationMs: number | undefined;

  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.pod = context.pod;
    this.namespace = context.namespace;
    this.container = context.container;
    this.command = context.command;
    this.stdout = context.stdout ?? Buffer.alloc(0);
    this.stderr = context.stderr ?? Buffer.alloc(0);
    this.durationMs = context.durationMs;
  }
}

/** An option or command field has the wrong type or value; thrown before any I/O. */
export class InvalidOptionError extends PodexecError {
  readonly option: string;
  readonly expected: string;
  readonly received: unknown;

  constructor(option: string, expected: string, received: unknown, hint?: string) {
    const shown = describeValue(received);
    super(
      'PODEXEC_INVALID_OPTION',
      `Invalid option "${option}": expected ${expected}, received ${shown}.` + (hint ? ` ${hint}` : ''),
    );
    this.option = option;
    this.expected = expected;
    this.received = received;
  }
}

/** No backend is registered under the requested name. */
export class UnknownBackendError extends PodexecError {
  readonly backend: string;
  readonly registered: readonly string[];

  constructor(backend: string, registered: readonly string[]) {
    super(
      'PODEXEC_UNKNOWN_BACKEND',
      `Unknown backend "${backend}". Registered backends: ${registered.join(', ') || '(none)'}.`,
    );
    this.backend = backend;
    this.registered = registered;
  }
}

/** The backend exists but cannot work on this machine, for example its binary is missing. */
export class BackendUnavailableError extends PodexecError {
  readonly backend: string;
  /** Every place that was looked at, in order. */
  readonly searched: readonly string[];

  constructor(backend: string, message: string, searched: readonly string[], context: ErrorContext = {}) {
    super('PODEXEC_BACKEND_UNAVAILABLE', message, context);
    this.backend = backend;
    this.searched = searched;
  }
}

/** A kubeconfig file is unreadable or has an invalid entry; `file` and `path` locate it. */
export class KubeconfigError extends PodexecError {
  readonly file: string | undefined;
  /** Path of the bad entry inside the file, such as `contexts[1].context.cluster`. */
  readonly path: string | undefined;

  constructor(message: string, details: { file?: string | undefined; path?: string | undefined; cause?: unknown } = {}) {
    super('PODEXEC_KUBECONFIG_INVALID', message, { cause: details.cause });
    this.file = details.file;
    this.path = details.path;
  }
}

/** No kubeconfig or in-cluster configuration was found; `tried` lists the sources checked. */
export class NoKubeconfigError extends PodexecError {
  readonly tried: readonly string[];

  constructor(tried: readonly string[]) {
    super(
      'PODEXEC_KUBECONFIG_NOT_FOUND',
      `No Kubernetes configuration found. Tried: ${tried.join('; ')}. ` +
        'Set KUBECONFIG or pass --kubeconfig, or run podexec inside a pod with a service account.',
    );
    this.tried = tried;
  }
}

/** An exec credential plugin failed or printed an invalid ExecCredential. */
export class CredentialPluginError extends PodexecError {
  readonly plugin: string;

  constructor(plugin: string, message: string, cause?: unknown) {
    super('PODEXEC_CREDENTIAL_PLUGIN_FAILED', message, { cause });
    this.plugin = plugin;
  }
}

/** The API server could not be reached (DNS, TCP, TLS); nothing ran. */
export class ConnectError extends PodexecError {
  readonly server: string;

  constructor(server: string, message: string, context: ErrorContext = {}) {
    super('PODEXEC_CONNECT_FAILED', message, context);
    this.server = server;
  }
}

/** Details of a Kubernetes `Status` object returned by the API server. */
export interface ServerStatusDetails {
  httpStatus?: number | undefined;
  reason?: string | undefined;
  serverMessage?: string | undefined;
}

/** Base for failures the API server reported with an HTTP status and a Status body. */
export class ApiError extends PodexecError {
  readonly httpStatus: number | undefined;
  readonly reason: string | undefined;
  readonly serverMessage: string | undefined;

  constructor(code: string, message: string, status: ServerStatusDetails, context: ErrorContext = {}) {
    super(code, message, context);
    this.httpStatus = status.httpStatus;
    this.reason = status.reason;
    this.serverMessage = status.serverMessage;
  }
}

export class PodNotFoundError extends ApiError {
  constructor(status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_POD_NOT_FOUND',
      `Pod ${context.pod ?? '(unknown)'} not found in namespace ${context.namespace ?? '(unknown)'}.`,
      status,
      context,
    );
  }
}

export class ContainerNotFoundError extends ApiError {
  /** Containers the pod does have. */
  readonly validContainers: readonly string[];

  constructor(validContainers: readonly string[], status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_CONTAINER_NOT_FOUND',
      `Container ${context.container ?? '(none)'} not found in pod ${context.pod ?? '(unknown)'} ` +
        `(namespace ${context.namespace ?? '(unknown)'}). Valid containers: ${validContainers.join(', ') || '(unknown)'}.`,
      status,
      context,
    );
    this.validContainers = validContainers;
  }
}

/** The container exists but has ended, such as an init container that completed. */
export class ContainerNotRunningError extends ApiError {
  /** The container's state from the pod status, such as `terminated`. */
  readonly state: string;
  /** Containers of the pod that are running and can take an exec. */
  readonly runningContainers: readonly string[];

  constructor(state: string, runningContainers: readonly string[], status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_CONTAINER_NOT_RUNNING',
      `Container ${context.container ?? '(none)'} of pod ${context.pod ?? '(unknown)'} ` +
        `(namespace ${context.namespace ?? '(unknown)'}) is ${state}, not running, so it cannot run commands. ` +
        `Running containers: ${runningContainers.join(', ') || '(none)'}.`,
      status,
      context,
    );
    this.state = state;
    this.runningContainers = runningContainers;
  }
}

/** The pod has several containers and none was named or marked as default. */
export class ContainerRequiredError extends ApiError {
  readonly validContainers: readonly string[];

  constructor(validContainers: readonly string[], status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_CONTAINER_REQUIRED',
      `Pod ${context.pod ?? '(unknown)'} (namespace ${context.namespace ?? '(unknown)'}) has several containers; ` +
        `choose one with the container option or -c: ${validContainers.join(', ')}.`,
      status,
      context,
    );
    this.validContainers = validContainers;
  }
}

export class PodNotRunningError extends ApiError {
  /** The pod's `status.phase`, such as `Succeeded`, `Failed` or `Pending`. */
  readonly phase: string;

  constructor(phase: string, status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_POD_NOT_RUNNING',
      `Cannot exec into pod ${context.pod ?? '(unknown)'} (namespace ${context.namespace ?? '(unknown)'}): ` +
        `its phase is ${phase}, not Running.`,
      status,
      context,
    );
    this.phase = phase;
  }
}

export class PodNotScheduledError extends ApiError {
  constructor(status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_POD_NOT_SCHEDULED',
      `Pod ${context.pod ?? '(unknown)'} (namespace ${context.namespace ?? '(unknown)'}) has no node assigned yet; ` +
        'wait until it is scheduled.',
      status,
      context,
    );
  }
}

export class ForbiddenError extends ApiError {
  /**
   * `request` names a denied REST request (such as `GET /apis/apps/v1/namespaces/shop/deployments/web`);
   * without it the denied request is the exec itself.
   */
  constructor(status: ServerStatusDetails, context: ErrorContext, request?: string) {
    const serverMessage = status.serverMessage ?? 'no message from the server';
    super(
      'PODEXEC_FORBIDDEN',
      request === undefined
        ? `Forbidden to exec in pod ${context.pod ?? '(unknown)'} (namespace ${context.namespace ?? '(unknown)'}): ` +
            `${serverMessage}. Exec needs get and create on pods/exec.`
        : `Forbidden: ${request}: ${serverMessage}. Ask for read access to that resource.`,
      status,
      context,
    );
  }
}

export class UnauthorizedError extends ApiError {
  constructor(status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_UNAUTHORIZED',
      'The API server rejected the credentials (401 Unauthorized). Check the token or client certificate ' +
        'of the kubeconfig user.',
      status,
      context,
    );
  }
}

export class RateLimitedError extends ApiError {
  /** Seconds from the `Retry-After` header, when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(retryAfterSeconds: number | undefined, status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_RATE_LIMITED',
      `The API server throttled the request (HTTP ${status.httpStatus ?? 429})` +
        (retryAfterSeconds === undefined ? '.' : `; retry after ${retryAfterSeconds} s.`),
      status,
      context,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Any other failed WebSocket upgrade; `httpStatus` and `serverMessage` come from the response. */
export class UpgradeFailedError extends ApiError {
  constructor(status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_UPGRADE_FAILED',
      `Exec request for pod ${context.pod ?? '(unknown)'} (namespace ${context.namespace ?? '(unknown)'}) failed ` +
        `with HTTP ${status.httpStatus ?? '(none)'}: ${status.serverMessage || status.reason || 'empty response body'}`,
      status,
      context,
    );
  }
}

/** A REST request other than exec failed with an HTTP status that has no more specific error. */
export class ApiRequestError extends ApiError {
  readonly method: string;
  /** Request path such as `/api/v1/namespaces/shop/pods/web-0`. */
  readonly path: string;

  constructor(method: string, path: string, status: ServerStatusDetails, context: ErrorContext = {}) {
    super(
      'PODEXEC_API_REQUEST_FAILED',
      `${method} ${path} failed with HTTP ${status.httpStatus ?? '(none)'}: ` +
        `${status.serverMessage || status.reason || 'empty response body'}`,
      status,
      context,
    );
    this.method = method;
    this.path = path;
  }
}

/** The workload a target names, such as `deploy/web`, does not exist. */
export class TargetNotFoundError extends ApiError {
  /** The target as given, such as `deploy/web`. */
  readonly target: string;
  /** Resource kind looked up, such as `Deployment`. */
  readonly kind: string;

  constructor(target: string, kind: string, status: ServerStatusDetails, context: ErrorContext) {
    super(
      'PODEXEC_TARGET_NOT_FOUND',
      `${kind} ${target.slice(target.indexOf('/') + 1)} not found in namespace ${context.namespace ?? '(unknown)'} ` +
        `(target ${target}). Check the name and the namespace.`,
      status,
      context,
    );
    this.target = target;
    this.kind = kind;
  }
}

/** A workload target exists but none of its pods is running, ready and not being deleted. */
export class NoReadyPodError extends PodexecError {
  readonly target: string;
  /** Label selector used to list the workload's pods. */
  readonly selector: string;
  /** Each pod looked at and why it was skipped, such as `web-1: phase Pending`. */
  readonly skipped: readonly string[];

  constructor(target: string, selector: string, skipped: readonly string[], context: ErrorContext) {
    super(
      'PODEXEC_NO_READY_POD',
      `No running and ready pod for ${target} in namespace ${context.namespace ?? '(unknown)'} ` +
        `(selector ${selector}): ` +
        (skipped.length === 0 ? 'no pod matches the selector.' : `${skipped.join('; ')}.`) +
        ' Wait until a pod is ready or name a pod directly.',
      context,
    );
    this.target = target;
    this.selector = selector;
    this.skipped = skipped;
  }
}

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
  /** What the stop step did, or why the remote command could not be stopped. */
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

const TAIL_BYTES = 2048;

/** Returns the last bytes of `output` as text, for error messages. */
export function tailText(output: Buffer | undefined): string {
  if (!output || output.length === 0) return '';
  const start = Math.max(0, output.length - TAIL_BYTES);
  const text = output.subarray(start).toString('utf8').trimEnd();
  return start > 0 ? `…${text}` : text;
}

/** Describes a received value with its type, for InvalidOptionError messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'function':
      return 'a function';
    default:
      return `an object of type ${value.constructor?.name ?? 'Object'}`;
  }
}
