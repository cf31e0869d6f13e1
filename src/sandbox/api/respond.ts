/** Writes JSON bodies and Kubernetes `Status` errors the way the API server does. */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorStatus } from '../../protocol/index.js';
import type { KubeStatus } from '../../protocol/index.js';

export function sendJson(res: ServerResponse, httpStatus: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

/** Sends a Status with its fields in the API server's order (`details` before `code`). */
export function sendStatus(res: ServerResponse, status: KubeStatus): void {
  sendJson(res, status.code ?? 500, orderStatusFields(status));
}

function orderStatusFields(status: KubeStatus): KubeStatus {
  const { kind, apiVersion, metadata, message, reason, details, code } = status;
  const ordered: KubeStatus = { kind, apiVersion, metadata, status: status.status, message, reason, details, code };
  return JSON.parse(JSON.stringify(ordered)) as KubeStatus;
}

export function unauthorizedStatus(): KubeStatus {
  return errorStatus(401, 'Unauthorized', 'Unauthorized');
}

/** Builds the 404 for a missing object, such as `pods "x" not found`. */
export function objectNotFoundStatus(resource: string, name: string, group = ''): KubeStatus {
  const qualified = group ? `${resource}.${group}` : resource;
  const details: NonNullable<KubeStatus['details']> = { name, kind: resource };
  if (group) details.group = group;
  return errorStatus(404, 'NotFound', `${qualified} "${name}" not found`, details);
}

/** Builds the 404 for a path the server does not serve. */
export function pathNotFoundStatus(): KubeStatus {
  return errorStatus(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowedStatus(method: string, resource: string): KubeStatus {
  return errorStatus(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`, {
    kind: resource,
    causes: [{ message: `${method} is not supported by the podexec sandbox, whose API is read-only and has no watch` }],
  });
}

export function badRequestStatus(message: string): KubeStatus {
  return errorStatus(400, 'BadRequest', message);
}

/** Writes a complete HTTP error response on a raw socket, for requests that asked for an upgrade. */
export function writeSocketStatus(socket: Duplex, status: KubeStatus): void {
  const code = status.code ?? 500;
  const body = JSON.stringify(orderStatusFields(status));
  const reason = code === 401 ? 'Unauthorized' : code === 404 ? 'Not Found' : 'Error';
  socket.end(
    `HTTP/1.1 ${code} ${reason}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
