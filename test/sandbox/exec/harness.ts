/**
 * A minimal HTTP server on 127.0.0.1 that mounts the exec endpoint over pods of the real runtime,
 * for protocol tests that need pod states the manifests cannot express (no node, no processes).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createExecEndpoint } from '../../../src/sandbox/exec/index.js';
import type { ExecEndpoint, SandboxPodView } from '../../../src/sandbox/exec/index.js';
import { createPodRuntime } from '../../../src/sandbox/runtime/index.js';

export interface HarnessPod {
  name: string;
  namespace?: string;
  containers?: string[];
  initContainers?: string[];
  annotations?: Record<string, string>;
  phase?: string;
  /** `null` leaves the pod unscheduled. */
  nodeName?: string | null;
  /** Whether processes run for the pod; false gives a view without a handle. */
  running?: boolean;
  missingTools?: string[];
}

export interface ExecHarness {
  port: number;
  endpoint: ExecEndpoint;
  /** `ws://` URL of the exec path for a pod, with the query given as pairs. */
  execUrl(pod: string, query: Array<[string, string]>, namespace?: string): string;
  stop(): Promise<void>;
}

export async function startExecHarness(pods: HarnessPod[]): Promise<ExecHarness> {
  const runtime = await createPodRuntime({ mode: 'plain' });
  const views = new Map<string, SandboxPodView>();

  for (const pod of pods) {
    const namespace = pod.namespace ?? 'default';
    const containers = pod.containers ?? ['main'];
    const running = pod.running ?? true;
    const handle = running
      ? await runtime.startPod({
          uid: randomUUID(),
          name: pod.name,
          namespace,
          containers: containers.map((name) => ({ name, env: [], workingDir: undefined })),
          missingTools: pod.missingTools ?? [],
          podEnv: [],
        })
      : undefined;
    views.set(`${namespace}/${pod.name}`, {
      namespace,
      name: pod.name,
      phase: pod.phase ?? (running ? 'Running' : 'Pending'),
      nodeName: pod.nodeName === null ? undefined : (pod.nodeName ?? 'sandbox-node'),
      containers,
      initContainers: pod.initContainers ?? [],
      annotations: pod.annotations ?? {},
      handle,
    });
  }

  const context = { findPod: (namespace: string, name: string) => views.get(`${namespace}/${name}`), user: 'tester' };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = createExecEndpoint({ serverPort: port });
  server.on('request', (req, res) => endpoint.handleRequest(req, res, context));
  server.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head, context));

  return {
    port,
    endpoint,
    execUrl(pod, query, namespace = 'default') {
      const search = new URLSearchParams(query).toString();
      return `ws://127.0.0.1:${port}/api/v1/namespaces/${namespace}/pods/${pod}/exec?${search}`;
    },
    async stop() {
      endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.stopAll();
    },
  };
}

/** Builds exec query pairs: one `command` per argv element, then the flags. */
export function execQuery(argv: string[], flags: Record<string, string> = {}): Array<[string, string]> {
  const pairs: Array<[string, string]> = argv.map((arg) => ['command', arg]);
  for (const [name, value] of Object.entries(flags)) pairs.push([name, value]);
  return pairs;
}
