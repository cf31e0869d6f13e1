/**
 * A small typed client for the Kubernetes REST API: JSON GETs over one keep-alive HTTPS agent,
 * with the cluster's TLS settings and the user's credentials.
 */
import http from 'node:http';
import https from 'node:https';
import { debuglog } from 'node:util';
import { ApiRequestError, ConnectError, PodNotFoundError } from '../core/errors.js';
import type { ErrorContext } from '../core/errors.js';
import type { ClusterConnection, Credentials } from '../kubeconfig/types.js';
import { requestErrorFrom } from './errors.js';
import type { ErrorResponse } from './errors.js';
import { parsePod, parsePodList } from './pod.js';
import type { Pod } from './pod.js';
import { authHeaders, connectErrorFrom, sameCredentials, tlsOptions } from './transport.js';

const log = debuglog('podexec');

export interface ApiClientOptions {
  /** Milliseconds to wait for a complete response before failing with ConnectError; default 60000. */
  requestTimeoutMs?: number | undefined;
  /** Largest response body accepted, in bytes; default 64 MiB. */
  maxResponseBytes?: number | undefined;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /** Pod and namespace the request is made for, added to errors. */
  context?: ErrorContext | undefined;
}

export interface ApiClient {
  readonly connection: ClusterConnection;
  /** GETs `path` (such as `/api/v1/namespaces/ns/pods/p`) and returns the parsed JSON body. */
  getJson(path: string, options?: RequestOptions): Promise<unknown>;
  /** GETs one pod; a 404 becomes PodNotFoundError. */
  getPod(namespace: string, name: string, options?: RequestOptions): Promise<Pod>;
  /** Lists the pods of a namespace, optionally filtered by a label selector such as `app=web,tier!=db`. */
  listPods(namespace: string, labelSelector?: string, options?: RequestOptions): Promise<Pod[]>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

interface RawResponse {
  httpStatus: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Creates a client for the API server of `connection`. */
export function createApiClient(connection: ClusterConnection, options: ApiClientOptions = {}): ApiClient {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const base = new URL(connection.server);
  const secure = base.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const basePath = base.pathname.replace(/\/+$/, '');

  function send(path: string, credentials: Credentials, signal: AbortSignal | undefined, context: ErrorContext): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const requestOptions: https.RequestOptions = {
        ...(secure ? tlsOptions(connection, credentials) : {}),
        method: 'GET',
        protocol: base.protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port || (secure ? 443 : 80),
        path: basePath + path,
        agent,
        headers: { Accept: 'application/json', ...authHeaders(credentials) },
        timeout: timeoutMs,
      };
      if (signal) requestOptions.signal = signal;
      const request = (secure ? https : http).request(requestOptions, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(
              new ApiRequestError('GET', path, { httpStatus: response.statusCode, serverMessage: `response body exceeds ${maxBytes} bytes` }, context),
            );
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ httpStatus: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', (error) => reject(error));
      });
      request.on('timeout', () => {
        request.destroy(new ConnectError(connection.server, `No complete response from the API server ${connection.server} within ${timeoutMs} ms for GET ${path}.`, context));
      });
      request.on('error', (error) => {
        if (signal?.aborted) reject(signal.reason);
        else if (error instanceof ApiRequestError || error instanceof ConnectError) reject(error);
        else reject(connectErrorFrom(connection.server, error, context));
      });
      request.end();
    });
  }

  async function getJson(path: string, requestOptions: RequestOptions = {}): Promise<unknown> {
    const context = requestOptions.context ?? {};
    let credentials = await connection.credentials();
    log('GET %s%s', connection.server, path);
    let response = await send(path, credentials, requestOptions.signal, context);
    if (response.httpStatus === 401) {
      // Plugin-issued tokens may have been revoked early; fetch new ones once. Static credentials
      // come back unchanged, and repeating the request with them would only fail again.
      connection.invalidateCredentials();
      const renewed = await connection.credentials();
      if (!sameCredentials(credentials, renewed)) {
        credentials = renewed;
        log('GET %s: 401, retrying once with renewed credentials', path);
        response = await send(path, credentials, requestOptions.signal, context);
      }
    }
    if (response.httpStatus < 200 || response.httpStatus >= 300) {
      const errorResponse: ErrorResponse = { httpStatus: response.httpStatus, headers: response.headers, body: response.body.toString('utf8') };
      log('GET %s: HTTP %d', path, response.httpStatus);
      throw requestErrorFrom('GET', path, errorResponse, context);
    }
    try {
      return JSON.parse(response.body.toString('utf8')) as unknown;
    } catch (error) {
      throw new ApiRequestError('GET', path, { httpStatus: response.httpStatus, serverMessage: 'response body is not valid JSON' }, { ...context, cause: error });
    }
  }

  async function getPod(namespace: string, name: string, requestOptions: RequestOptions = {}): Promise<Pod> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
    const context: ErrorContext = { ...requestOptions.context, pod: name, namespace };
    let body: unknown;
    try {
      body = await getJson(path, { ...requestOptions, context });
    } catch (error) {
      if (error instanceof ApiRequestError && error.httpStatus === 404) {
        throw new PodNotFoundError({ httpStatus: 404, reason: error.reason, serverMessage: error.serverMessage }, context);
      }
      throw error;
    }
    const pod = parsePod(body);
    if (!pod) throw new ApiRequestError('GET', path, { httpStatus: 200, serverMessage: 'response is not a Pod object' }, context);
    return pod;
  }

  async function listPods(namespace: string, labelSelector?: string, requestOptions: RequestOptions = {}): Promise<Pod[]> {
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods${query}`;
    return parsePodList(await getJson(path, { ...requestOptions, context: { namespace, ...requestOptions.context } }));
  }

  return {
    connection,
    getJson,
    getPod,
    listPods,
    close: () => agent.destroy(),
  };
}
