/**
 * The contract between the sandbox's HTTPS server and its exec endpoint. The server checks the
 * bearer token and routes `/api/v1/namespaces/{ns}/pods/{name}/exec` here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { PodHandle } from '../runtime/types.js';

/** The fields of a stored pod that the endpoint reads. */
export interface SandboxPodView {
  namespace: string;
  name: string;
  /** `status.phase`, such as Pending, Running or Succeeded. */
  phase: string;
  /** Undefined while the pod is not scheduled. */
  nodeName: string | undefined;
  /** `spec.containers` names in manifest order. */
  containers: string[];
  initContainers: string[];
  annotations: Record<string, string>;
  /** Undefined when no processes run for the pod (phase not Running). */
  handle: PodHandle | undefined;
}

export interface ExecEndpointContext {
  findPod(namespace: string, name: string): SandboxPodView | undefined;
  /** The authenticated user name, for log lines. */
  user: string;
}

export interface ExecEndpoint {
  /** Handles an exec request that did not ask for a WebSocket upgrade. */
  handleRequest(req: IncomingMessage, res: ServerResponse, ctx: ExecEndpointContext): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ctx: ExecEndpointContext): void;
  /** Ends every open exec connection; the processes keep running, as on a real cluster. */
  close(): void;
}

export interface ExecEndpointOptions {
  /** Port of the sandbox's HTTPS server; names the endpoint in debug log lines. */
  serverPort: number;
}
