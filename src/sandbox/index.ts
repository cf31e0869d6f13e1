/**
 * The embedded sandbox: an HTTPS Kubernetes API server on 127.0.0.1 that serves pods from ordinary
 * manifests and runs their containers as local processes, for tests, demos and machines without a
 * cluster.
 */
import { debuglog } from 'node:util';
import { PodNotFoundError } from '../core/errors.js';
import { startApiServer, SANDBOX_USER } from './api/server.js';
import { generateToken } from './api/auth.js';
import { generateCertificates } from './certs.js';
import { SandboxCluster, validateDocuments } from './cluster.js';
import { DEMO_MANIFESTS } from './demo.js';
import { createExecEndpoint } from './exec/index.js';
import { buildKubeconfig, writeFileAtomic } from './kubeconfig.js';
import { INLINE_SOURCE, parseManifestText, readManifestPaths } from './manifests/documents.js';
import { createPodRuntime } from './runtime/index.js';
import type { RuntimeInfo } from './runtime/types.js';
import { validateSandboxOptions } from './options.js';

export { ManifestError } from './errors.js';
export { SANDBOX_CONTEXT } from './kubeconfig.js';
export type { RuntimeInfo } from './runtime/types.js';

const log = debuglog('podexec');

export interface SandboxOptions {
  /** Files or folders of YAML manifests (multi-document); folders contribute their *.yaml and *.yml files. */
  manifests?: string[];
  /** YAML documents given as text. */
  manifestText?: string;
  /** Serve the built-in demo objects; the default when neither `manifests` nor `manifestText` is given. */
  demo?: boolean;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Write the kubeconfig to this path (atomically, mode 0600). */
  kubeconfigOut?: string;
  /** Pod runtime mode. `auto` (the default) prefers Linux namespaces and falls back to plain processes. */
  runtimeMode?: 'auto' | 'namespaces' | 'plain';
  /** Folder for per-pod state; a temporary folder when omitted. */
  stateDir?: string;
}

export interface Sandbox {
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  readonly token: string;
  /** The CA certificate that signed the server certificate, in PEM. */
  readonly caPem: string;
  /** Kubeconfig YAML with cluster, user and context `podexec-sandbox` (namespace default). */
  readonly kubeconfig: string;
  /** Path of the written kubeconfig; undefined unless `kubeconfigOut` was given. */
  readonly kubeconfigPath: string | undefined;
  readonly runtime: RuntimeInfo;
  /** Adds the objects of YAML manifests and starts the processes of their Running pods. */
  apply(yamlText: string): Promise<void>;
  /** Removes a pod and kills its processes; rejects when the pod does not exist. */
  deletePod(namespace: string, name: string): Promise<void>;
  /** Closes the server and every exec connection, and stops every process. Idempotent. */
  stop(): Promise<void>;
}

/** Starts a sandbox; resolves once it accepts connections with every manifest applied. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  validateSandboxOptions(options);
  const useDemo = options.demo ?? (options.manifests === undefined && options.manifestText === undefined);
  const documents = [
    ...(useDemo ? parseManifestText(DEMO_MANIFESTS, 'demo') : []),
    ...(options.manifests ? await readManifestPaths(options.manifests) : []),
    ...(options.manifestText !== undefined ? parseManifestText(options.manifestText, INLINE_SOURCE) : []),
  ];
  validateDocuments(documents);

  const certificates = generateCertificates();
  const token = generateToken();
  const runtimeOptions: { mode?: 'auto' | 'namespaces' | 'plain'; stateDir?: string } = {};
  if (options.runtimeMode) runtimeOptions.mode = options.runtimeMode;
  if (options.stateDir) runtimeOptions.stateDir = options.stateDir;
  const runtime = await createPodRuntime(runtimeOptions);
  const cluster = new SandboxCluster(runtime);

  let server;
  try {
    server = await startApiServer({
      certificates,
      token,
      store: cluster.store,
      port: options.port ?? 0,
      createExec: (port) => createExecEndpoint({ serverPort: port }),
      execContext: { findPod: (namespace, name) => cluster.findPod(namespace, name), user: SANDBOX_USER },
    });
    cluster.setServerPort(server.port);
    await cluster.apply(documents);
  } catch (error) {
    await server?.close();
    await runtime.stopAll();
    throw error;
  }

  const url = `https://127.0.0.1:${server.port}`;
  const kubeconfig = buildKubeconfig(url, certificates.caPem, token);
  if (options.kubeconfigOut !== undefined) {
    try {
      await writeFileAtomic(options.kubeconfigOut, kubeconfig);
    } catch (error) {
      await server.close();
      await runtime.stopAll();
      throw error;
    }
  }
  log('sandbox listening on %s, runtime %s', url, runtime.info.mode);

  const apiServer = server;
  let stopping: Promise<void> | undefined;
  return {
    url,
    token,
    caPem: certificates.caPem,
    kubeconfig,
    kubeconfigPath: options.kubeconfigOut,
    runtime: runtime.info,
    apply: (yamlText) => cluster.apply(parseManifestText(yamlText, INLINE_SOURCE)),
    async deletePod(namespace, name) {
      if (!(await cluster.deletePod(namespace, name))) {
        const status = { httpStatus: 404, reason: 'NotFound', serverMessage: `pods "${name}" not found` };
        throw new PodNotFoundError(status, { pod: name, namespace });
      }
    },
    stop() {
      stopping ??= (async () => {
        await apiServer.close();
        await runtime.stopAll();
        log('sandbox on %s stopped', url);
      })();
      return stopping;
    },
  };
}
