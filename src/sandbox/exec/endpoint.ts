/**
 * The sandbox's exec endpoint: checks an exec request in the API server's order, applies the
 * upgrade faults, negotiates the subprotocol and hands the connection to an ExecSession.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { debuglog } from 'node:util';
import { WebSocketServer } from 'ws';
import type { KubeStatus } from '../../protocol/index.js';
import { MAX_FRAME_BYTES, SUPPORTED_PROTOCOLS, errorStatus } from '../../protocol/index.js';
import type { ExecFaults } from './faults.js';
import { FAULTS_ANNOTATION, parseFaults } from './faults.js';
import { UpgradeFaultCounter } from './upgrade-faults.js';
import type { UpgradeFailure } from './upgrade-faults.js';
import { writeSocketResponse, writeStatusResponse } from './http-status.js';
import type { ExecQuery } from './request.js';
import { parseExecQuery, parseOfferedProtocols } from './request.js';
import { ExecSession } from './session.js';
import type { ExecTarget } from './target.js';
import { parseExecPath, podNotFoundStatus, resolveExecTarget } from './target.js';
import type { ExecEndpoint, ExecEndpointContext, ExecEndpointOptions } from './types.js';

const log = debuglog('podexec');

interface CheckedRequest {
  query: ExecQuery;
  target: ExecTarget;
  faults: ExecFaults;
}

type CheckResult = { ok: true; request: CheckedRequest } | { ok: false; status: KubeStatus };

/** Runs the checks the API server makes before it connects to the kubelet, in the same order. */
function checkRequest(req: IncomingMessage, ctx: ExecEndpointContext): CheckResult {
  const url = req.url ?? '';
  const path = parseExecPath(url);
  if (path === undefined) {
    return { ok: false, status: errorStatus(404, 'NotFound', 'the server could not find the requested resource') };
  }

  const parsed = parseExecQuery(url);
  if (!parsed.ok) return parsed;

  const pod = ctx.findPod(path.namespace, path.name);
  if (pod === undefined) return { ok: false, status: podNotFoundStatus(path.name) };

  // An invalid fault annotation fails every exec into the pod, so a test never runs without its fault.
  const faults = parseFaults(pod.annotations);
  if (!faults.ok) {
    const message = `invalid annotation ${FAULTS_ANNOTATION} on pod ${pod.namespace}/${pod.name}: ${faults.message}; fix the pod manifest`;
    return { ok: false, status: errorStatus(400, 'BadRequest', message) };
  }

  const resolved = resolveExecTarget(pod, parsed.query.container);
  if (!resolved.ok) return resolved;
  return { ok: true, request: { query: parsed.query, target: resolved.target, faults: faults.faults } };
}

/** Picks the first protocol in the client's order that the sandbox serves. */
function chooseProtocol(offered: Iterable<string>): string | undefined {
  for (const protocol of offered) {
    if (SUPPORTED_PROTOCOLS.includes(protocol)) return protocol;
  }
  return undefined;
}

/** Creates the endpoint the sandbox's HTTPS server routes exec requests to. */
export function createExecEndpoint(options: ExecEndpointOptions): ExecEndpoint {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (protocols) => chooseProtocol(protocols) ?? false,
  });
  const sessions = new Set<ExecSession>();
  const delayedUpgrades = new Map<NodeJS.Timeout, Duplex>();
  const upgradeFaults = new UpgradeFaultCounter();
  let closed = false;
  const endpointLabel = `127.0.0.1:${options.serverPort}`;

  function sendUpgradeFailure(socket: Duplex, failure: UpgradeFailure, target: ExecTarget): void {
    const { namespace, name } = target.pod;
    log('exec %s pod=%s/%s injected upgrade failure: %s', endpointLabel, namespace, name, failure.status.message);
    writeSocketResponse(socket, failure.code, failure.status, failure.headers);
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, request: CheckedRequest, protocol: string): void {
    if (closed || socket.destroyed) {
      socket.destroy();
      return;
    }
    server.handleUpgrade(req, socket, head, (ws) => {
      const session: ExecSession = new ExecSession({
        ws,
        protocol,
        query: request.query,
        target: request.target,
        faults: request.faults,
        onClosed: () => sessions.delete(session),
      });
      sessions.add(session);
    });
  }

  return {
    handleRequest(req: IncomingMessage, res: ServerResponse, ctx: ExecEndpointContext): void {
      const checked = checkRequest(req, ctx);
      if (!checked.ok) {
        writeStatusResponse(res, checked.status);
        return;
      }
      writeStatusResponse(res, errorStatus(400, 'BadRequest', 'Upgrade request required'));
    },

    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ctx: ExecEndpointContext): void {
      socket.on('error', (error) => log('exec %s socket error: %s', endpointLabel, error.message));
      const checked = checkRequest(req, ctx);
      if (!checked.ok) {
        log('exec %s user=%s rejected %s: %d %s', endpointLabel, ctx.user, req.url, checked.status.code, checked.status.message);
        writeSocketResponse(socket, checked.status.code ?? 500, checked.status);
        return;
      }
      const request = checked.request;

      // kubectl retries a failed WebSocket upgrade over SPDY (a POST with `Upgrade: SPDY/3.1`).
      const upgradeHeader = req.headers.upgrade ?? '';
      if (upgradeHeader.toLowerCase() !== 'websocket') {
        const failure = upgradeFaults.latestFailure(request.target.pod);
        if (failure !== undefined) {
          sendUpgradeFailure(socket, failure, request.target);
          return;
        }
        const message = `exec over "${upgradeHeader}" is not supported by the podexec sandbox; use a WebSocket client offering ${SUPPORTED_PROTOCOLS.join(' or ')}`;
        log('exec %s user=%s rejected upgrade to %s', endpointLabel, ctx.user, upgradeHeader);
        writeSocketResponse(socket, 400, errorStatus(400, 'BadRequest', message));
        return;
      }

      const failure = upgradeFaults.countAttempt(request.target.pod, request.faults);
      if (failure !== undefined) {
        sendUpgradeFailure(socket, failure, request.target);
        return;
      }

      // Like the API server, no usable subprotocol is a 403 with an empty body.
      const protocol = chooseProtocol(parseOfferedProtocols(req.headers['sec-websocket-protocol']));
      if (protocol === undefined) {
        log('exec %s user=%s offered no supported subprotocol: %s', endpointLabel, ctx.user, req.headers['sec-websocket-protocol'] ?? '(none)');
        writeSocketResponse(socket, 403, undefined);
        return;
      }

      const latencyMs = request.faults.latencyMs ?? 0;
      if (latencyMs === 0) {
        upgrade(req, socket, head, request, protocol);
        return;
      }
      const timer = setTimeout(() => {
        delayedUpgrades.delete(timer);
        upgrade(req, socket, head, request, protocol);
      }, latencyMs);
      delayedUpgrades.set(timer, socket);
    },

    close(): void {
      closed = true;
      for (const [timer, socket] of delayedUpgrades) {
        clearTimeout(timer);
        socket.destroy();
      }
      delayedUpgrades.clear();
      for (const session of [...sessions]) session.terminate('endpoint closed');
      sessions.clear();
      server.close();
    },
  };
}
