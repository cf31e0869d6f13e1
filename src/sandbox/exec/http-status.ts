/** Writing of pre-upgrade failures as HTTP responses with a JSON `Status` body. */
import { STATUS_CODES } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeStatus } from '../../protocol/index.js';

/** Maps an HTTP code to the `reason` the API server puts in its Status. */
export function statusReasonForCode(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Expired',
    413: 'RequestEntityTooLarge',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? 'Unknown';
}

/** Writes a complete HTTP response on a socket that was not upgraded, then closes it. */
export function writeSocketResponse(
  socket: Duplex,
  code: number,
  body: KubeStatus | undefined,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  const allHeaders: Record<string, string> = {
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    'Content-Length': String(Buffer.byteLength(text)),
    Connection: 'close',
    ...headers,
  };
  const head = [`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(allHeaders)) head.push(`${name}: ${value}`);

  if (socket.destroyed || !socket.writable) return;
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${text}`);
}

/** Writes a Status as the response to an ordinary (not upgraded) request. */
export function writeStatusResponse(res: ServerResponse, status: KubeStatus): void {
  const text = JSON.stringify(status);
  res.writeHead(status.code ?? 500, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
