/**
 * Mapping a refused exec upgrade (an HTTP response other than 101) to a typed error, from the
 * HTTP status and the API server's Status message.
 */
import { retryAfterSecondsOf, statusDetailsOf } from '../../api/errors.js';
import type { ErrorResponse } from '../../api/errors.js';
import {
  ContainerNotFoundError,
  ContainerRequiredError,
  ForbiddenError,
  PodNotFoundError,
  PodNotScheduledError,
  RateLimitedError,
  UnauthorizedError,
  UpgradeFailedError,
} from '../../core/errors.js';
import type { ApiError, ErrorContext, ServerStatusDetails } from '../../core/errors.js';

/** `container X is not valid for pod P` */
const INVALID_CONTAINER = /container (\S+) is not valid for pod/;
/** `a container name must be specified for pod P, choose one of: [a b]` */
const CONTAINER_REQUIRED = /container name must be specified.*?\[([^\]]*)\]/;
const NOT_SCHEDULED = /does not have a host assigned/;

/**
 * Returns the error for a refused upgrade. `validContainers` comes from the pre-flight and is used
 * when the server's message does not list the containers.
 */
export function upgradeErrorFrom(
  response: ErrorResponse,
  context: ErrorContext,
  validContainers: readonly string[],
  offeredProtocols: readonly string[],
): ApiError {
  const details = statusDetailsOf(response);
  const status: ServerStatusDetails = {
    httpStatus: details.httpStatus,
    reason: details.reason,
    serverMessage: details.serverMessage,
  };
  const message = details.serverMessage ?? '';

  switch (response.httpStatus) {
    case 400: {
      const invalid = INVALID_CONTAINER.exec(message);
      if (invalid) {
        return new ContainerNotFoundError(validContainers, status, { ...context, container: invalid[1] ?? context.container });
      }
      const required = CONTAINER_REQUIRED.exec(message);
      if (required) {
        const names = (required[1] ?? '').split(/\s+/).filter((name) => name !== '');
        return new ContainerRequiredError(names.length > 0 ? names : validContainers, status, context);
      }
      if (NOT_SCHEDULED.test(message)) return new PodNotScheduledError(status, context);
      return new UpgradeFailedError(status, context);
    }
    case 401:
      return new UnauthorizedError(status, context);
    case 403:
      if (response.body.trim() === '') {
        // The API server returns a 403 with no body when it supports none of the offered subprotocols.
        return new UpgradeFailedError(
          {
            ...status,
            serverMessage:
              `empty response body, which means the server supports none of the offered subprotocols ` +
              `(${offeredProtocols.join(', ')}). Use the kubectl backend or a Kubernetes API server ` +
              'that serves v5.channel.k8s.io or v4.channel.k8s.io',
          },
          context,
        );
      }
      return new ForbiddenError(status, context);
    case 404:
      return new PodNotFoundError(status, context);
    case 429:
      return new RateLimitedError(retryAfterSecondsOf(response, details.status), status, context);
    default:
      return new UpgradeFailedError(status, context);
  }
}
