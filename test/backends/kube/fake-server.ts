/**
 * A minimal API server on 127.0.0.1 for behaviours the sandbox does not produce on purpose: a peer
 * that stops replying to pings, a 403 with an empty body, invalid status messages. Each pod name
 * selects one behaviour.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ClusterConnection, Credentials } from '../../../src/kubeconfig/types.js';
import { STATUS_CHANNEL, STDOUT_CHANNEL, encodeFrame } from '../../../src/protocol/channels.js';

export interface FakeServer {
  url: string;
  /** Bearer tokens of every request, in order. */
  tokens: string[];
  /** Exec sockets the server accepted, so tests can inspect them. */
  sockets: WebSocket[];
  stop(): Promise<void>;
}

function podJson(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'fake', containers: [{ name: 'main' }] },
    status: { phase: 'Running' },
  });
}

/** Plays the behaviour that the pod name selects, after the upgrade. */
function behave(pod: string, socket: WebSocket): void {
  const send = (channel: number, payload: string) => socket.send(encodeFrame(channel, payload));
  switch (pod) {
    case 'silent':
      // Upgrade done, then nothing: no messages and, with autoPong off, no pongs.
      return;
    case 'garbage':
      send(STDOUT_CHANNEL, '');
      send(STATUS_CHANNEL, 'not json');
      return;
    case 'chatty':
      send(STDOUT_CHANNEL, '');
      send(7, 'unknown channel');
      send(STDOUT_CHANNEL, 'ok');
      send(STATUS_CHANNEL, '{"metadata":{},"status":"Success"}');
      socket.close(1000);
      return;
    case 'lingering':
      send(STDOUT_CHANNEL, 'done');
      send(STATUS_CHANNEL, '{"metadata":{},"status":"Success"}');
      // Never closes, like some kubelets behind proxies.
      return;
    case 'kubelet-error':
      send(
        STATUS_CHANNEL,
        JSON.stringify({
          metadata: {},
          status: 'Failure',
          message: 'unable to upgrade connection: container not found ("main")',
          reason: 'InternalError',
          code: 500,
        }),
      );
      socket.close(1000);
      return;
    default:
      send(STDOUT_CHANNEL, 'hello');
      send(STATUS_CHANNEL, '{"metadata":{},"status":"Success"}');
      socket.close(1000);
  }
}

export interface FakeServerOptions {
  /** The only bearer token exec upgrades accept. */
  execToken: string;
  /** The only bearer token pod GETs accept; any token when undefined. */
  restToken?: string | undefined;
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const tokens: string[] = [];
  const sockets: WebSocket[] = [];
  const wss = new WebSocketServer({ noServer: true, autoPong: false, handleProtocols: (offered) => [...offered][0] ?? false });
  const server = http.createServer((request, response) => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    tokens.push(token);
    const match = /^\/api\/v1\/namespaces\/default\/pods\/([^/?]+)$/.exec(request.url ?? '');
    if (options.restToken !== undefined && token !== options.restToken) {
      response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"kind":"Status","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}');
    } else if (match?.[1]) {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(podJson(match[1]));
    } else {
      response.writeHead(404).end();
    }
  });
  server.on('upgrade', (request, socket, head) => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    tokens.push(token);
    const pod = /\/pods\/([^/]+)\/exec/.exec(request.url ?? '')?.[1] ?? '';
    if (token !== options.execToken) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
      return;
    }
    if (pod === 'nobody') {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.push(ws);
      behave(pod, ws);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    sockets,
    async stop() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A connection to `url` whose credentials() returns `tokens[0]` until invalidateCredentials() is
 * called, then the next token, like an exec plugin issuing a new token.
 */
export function fakeConnection(url: string, tokens: readonly string[]): ClusterConnection & { invalidations: number } {
  let index = 0;
  const connection = {
    server: url,
    contextName: 'fake',
    namespace: 'default',
    ca: undefined,
    insecureSkipTlsVerify: false,
    tlsServerName: undefined,
    source: 'test',
    invalidations: 0,
    credentials: async (): Promise<Credentials> => ({ token: tokens[Math.min(index, tokens.length - 1)] }),
    invalidateCredentials: () => {
      connection.invalidations += 1;
      index += 1;
    },
  };
  return connection;
}
