/** Failures the API server reported, and target resolution failures. */
import { PodexecError, type ErrorContext } from './base.js';

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
