/** Opening the exec WebSocket: the request URL, the upgrade, and the errors of a failed upgrade. */
import type { IncomingMessage } from 'node:http';
import { debuglog } from 'node:util';
import { WebSocket } from 'ws';
import { authHeaders, connectErrorFrom, tlsOptions } from '../../api/transport.js';
import { ProtocolError } from '../../core/errors.js';
import type { ErrorContext, PodexecError } from '../../core/errors.js';
import type { ClusterConnection, Credentials } from '../../kubeconfig/types.js';
import { MAX_FRAME_BYTES } from '../../protocol/channels.js';
import type { ExecRequest } from '../types.js';
import { upgradeErrorFrom } from './upgrade-errors.js';

const log = debuglog('podexec');

/** Largest message accepted from the server: twice the frame limit of API servers, so no valid frame is rejected. */
const MAX_PAYLOAD_BYTES = 2 * MAX_FRAME_BYTES;

/** Largest error body read from a refused upgrade, far above the size of a Status object. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Builds the exec URL (`wss://…/exec?command=…`) with one `command` parameter per argv element. */
export function execUrl(server: string, request: ExecRequest, container: string): string {
  const url = new URL(server);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  const base = url.pathname.replace(/\/+$/, '');
  url.pathname = `${base}/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/exec`;
  const query = new URLSearchParams();
  for (const argument of request.argv) query.append('command', argument);
  query.append('container', container);
  query.append('stdout', 'true');
  // Under a TTY the terminal merges stderr into stdout, so stderr is not requested (kubectl does the same).
  if (!request.tty) query.append('stderr', 'true');
  if (request.stdin) query.append('stdin', 'true');
  if (request.tty) query.append('tty', 'true');
  // URLSearchParams encodes a space as "+", which the API server's query parser decodes as a space too.
  url.search = query.toString();
  return url.toString();
}

export interface UpgradeOptions {
  connection: ClusterConnection;
  credentials: Credentials;
  url: string;
  protocols: readonly string[];
  signal: AbortSignal;
  context: ErrorContext;
  validContainers: readonly string[];
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      if (size < MAX_ERROR_BODY_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', () => resolve(Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8')));
    response.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** True for errors of the socket, DNS or TLS layer (they carry a `code`), as opposed to ws's handshake checks. */
function isTransportError(error: Error): boolean {
  return typeof (error as { code?: unknown }).code === 'string';
}

/**
 * Opens the exec WebSocket and, once the server accepted the upgrade (HTTP 101), calls `start`
 * in the same tick, before ws can emit a message or close, and resolves with its result. Rejects
 * with the typed error of a refused upgrade, ConnectError for transport failures, ProtocolError
 * for an invalid handshake, or the signal's reason when aborted.
 */
export function openExecSocket<T>(options: UpgradeOptions, start: (socket: WebSocket) => T): Promise<T> {
  const { connection, context, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    // The query contains the command, which may contain secrets, so only the pod is logged.
    log('exec connect %s pod=%s/%s container=%s protocols=%s', connection.server, context.namespace, context.pod, context.container, options.protocols.join(','));
    const socket = new WebSocket(options.url, [...options.protocols], {
      ...tlsOptions(connection, options.credentials),
      headers: authHeaders(options.credentials),
      maxPayload: MAX_PAYLOAD_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
    });
    let settled = false;
    const settle = (error: unknown, started?: { value: T }) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (started) resolve(started.value);
      else reject(error);
    };
    const onAbort = () => {
      settle(signal.reason);
      socket.terminate();
    };
    signal.addEventListener('abort', onAbort, { once: true });

    socket.once('open', () => {
      log('exec upgraded pod=%s/%s protocol=%s', context.namespace, context.pod, socket.protocol);
      // Messages can follow the 101 in the same TCP read, so the session must listen before a
      // promise continuation could run, or it misses them.
      let started: { value: T };
      try {
        started = { value: start(socket) };
      } catch (error) {
        socket.terminate();
        settle(error);
        return;
      }
      settle(undefined, started);
    });
    socket.on('unexpected-response', (request, response) => {
      void readBody(response).then((body) => {
        const httpStatus = response.statusCode ?? 0;
        log('exec upgrade refused pod=%s/%s status=%d', context.namespace, context.pod, httpStatus);
        const error: PodexecError = upgradeErrorFrom(
          { httpStatus, headers: response.headers, body },
          context,
          options.validContainers,
          options.protocols,
        );
        settle(error);
        request.destroy();
      });
    });
    socket.on('error', (error: Error) => {
      if (settled) {
        log('exec socket error after the upgrade settled: %s', error.message);
        return;
      }
      if (isTransportError(error)) settle(connectErrorFrom(connection.server, error, context));
      else settle(new ProtocolError(`WebSocket handshake with ${connection.server} failed: ${error.message}`, { ...context, cause: error }));
    });
  });
}
