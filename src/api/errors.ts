/** Reading an API server's error response (HTTP status, headers, Status body) into typed errors. */
import type { IncomingHttpHeaders } from 'node:http';
import {
  ApiRequestError,
  ForbiddenError,
  RateLimitedError,
  UnauthorizedError,
} from '../core/errors.js';
import type { ApiError, ErrorContext, ServerStatusDetails } from '../core/errors.js';
import { parseStatus } from '../protocol/status.js';
import type { KubeStatus } from '../protocol/status.js';

/** A non-success HTTP response, with the body already read as text. */
export interface ErrorResponse {
  httpStatus: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Proxies in front of the API server return plain text or HTML, so a short excerpt is kept. */
function plainTextExcerpt(text: string): string | undefined {
  if (text === '') return undefined;
  return text.slice(0, 500);
}

/** Status details of a response: the Status body's reason and message when it has one. */
export function statusDetailsOf(response: ErrorResponse): ServerStatusDetails & { status: KubeStatus | undefined } {
  const status = parseStatus(response.body);
  const text = response.body.trim();
  return {
    httpStatus: response.httpStatus,
    reason: status?.reason,
    serverMessage: status ? status.message : plainTextExcerpt(text),
    status,
  };
}

/**
 * Seconds to wait from the `Retry-After` header (delta seconds or an HTTP date), else from the
 * Status body's `details.retryAfterSeconds`.
 */
export function retryAfterSecondsOf(response: ErrorResponse, status: KubeStatus | undefined): number | undefined {
  const header = response.headers['retry-after'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && value.trim() !== '') {
    if (/^\d+$/.test(value.trim())) return Number(value.trim());
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  return status?.details?.retryAfterSeconds;
}

/**
 * Maps an error response of a REST request: 401, 403 and 429 get their own classes, every other
 * status an ApiRequestError that callers may refine (a 404 means a different thing per resource).
 */
export function requestErrorFrom(method: string, path: string, response: ErrorResponse, context: ErrorContext): ApiError {
  const details = statusDetailsOf(response);
  const status: ServerStatusDetails = {
    httpStatus: details.httpStatus,
    reason: details.reason,
    serverMessage: details.serverMessage,
  };
  switch (response.httpStatus) {
    case 401:
      return new UnauthorizedError(status, context);
    case 403:
      return new ForbiddenError(status, context, `${method} ${path}`);
    case 429:
      return new RateLimitedError(retryAfterSecondsOf(response, details.status), status, context);
    default:
      return new ApiRequestError(method, path, status, context);
  }
}
