/**
 * The sandbox's HTTPS API server: authenticates every request, serves discovery and resources, and
 * hands `pods/NAME/exec` to the exec endpoint. Listens on 127.0.0.1 only.
 */
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { debuglog } from 'node:util';
import type { SandboxCertificates } from '../certs.js';
import type { ExecEndpoint, ExecEndpointContext } from '../exec/index.js';
import { createTokenCheck } from './auth.js';
import { handleResourceGet } from './resources.js';
import {
  methodNotAllowedStatus,
  pathNotFoundStatus,
  sendJson,
  sendStatus,
  unauthorizedStatus,
  writeSocketStatus,
} from './respond.js';
import { matchRoute } from './routes.js';
import type { ObjectStore } from '../store.js';

const log = debuglog('podexec');

/** The user name the sandbox's token authenticates as. */
export const SANDBOX_USER = 'podexec-sandbox-admin';

export interface ApiServerOptions {
  certificates: SandboxCertificates;
  token: string;
  store: ObjectStore;
  /** Created once the port is known, because exec responses name the server port. */
  createExec(port: number): ExecEndpoint;
  execContext: ExecEndpointContext;
  port: number;
}

export interface ApiServer {
  readonly port: number;
  /** Closes the listener, every exec connection and every open socket. */
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const isAuthorized = createTokenCheck(options.token);
  const sockets = new Set<Socket>();
  let exec: ExecEndpoint | undefined;

  const server: Server = createServer({ cert: options.certificates.certPem, key: options.certificates.keyPem });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.on('finish', () => log('sandbox %s %s -> %d', req.method, pathOf(req), res.statusCode));
    if (!isAuthorized(req)) {
      sendStatus(res, unauthorizedStatus());
      return;
    }
    try {
      handleRequest(req, res, options, exec);
    } catch (error) {
      log('sandbox %s %s failed: %s', req.method, pathOf(req), error instanceof Error ? error.stack : String(error));
      if (!res.headersSent) sendJson(res, 500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'internal error in the podexec sandbox', reason: 'InternalError', code: 500 });
      else res.destroy();
    }
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req);
    if (!isAuthorized(req)) {
      log('sandbox upgrade %s %s -> 401', req.method, path);
      writeSocketStatus(socket, unauthorizedStatus());
      return;
    }
    const route = matchRoute(path);
    if (route?.kind !== 'exec' || !exec) {
      log('sandbox upgrade %s %s -> 404', req.method, path);
      writeSocketStatus(socket, pathNotFoundStatus());
      return;
    }
    log('sandbox upgrade %s %s -> exec', req.method, path);
    exec.handleUpgrade(req, socket, head, options.execContext);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox server has no TCP address after listen');
  const port = address.port;
  exec = options.createExec(port);

  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      exec?.close();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}

function handleRequest(req: IncomingMessage, res: ServerResponse, options: ApiServerOptions, exec: ExecEndpoint | undefined): void {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const route = matchRoute(url.pathname);
  if (!route) {
    sendStatus(res, pathNotFoundStatus());
    return;
  }
  if (route.kind === 'exec') {
    if (!exec) throw new Error('exec endpoint not created yet');
    exec.handleRequest(req, res, options.execContext);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const resource = route.kind === 'resource' ? route.type.plural : '';
    sendStatus(res, methodNotAllowedStatus(req.method ?? '', resource));
    return;
  }
  switch (route.kind) {
    case 'document':
      sendJson(res, 200, route.body);
      return;
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    case 'resource':
      handleResourceGet(req, res, options.store, { type: route.type, namespace: route.namespace, name: route.name, query: url.searchParams });
      return;
  }
}

/** The request path without the query, which may carry command arguments. */
function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
