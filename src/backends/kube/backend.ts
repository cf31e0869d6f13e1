/** The `kube` backend: exec through the Kubernetes API over a WebSocket, without kubectl. */
import { createApiClient } from '../../api/client.js';
import type { ApiClient } from '../../api/client.js';
import type { Pod } from '../../api/pod.js';
import { sameCredentials } from '../../api/transport.js';
import { formatArgv } from '../../core/argv.js';
import { PodexecError, UnauthorizedError } from '../../core/errors.js';
import type { ErrorContext } from '../../core/errors.js';
import { loadConnection } from '../../kubeconfig/index.js';
import type { ClusterConnection } from '../../kubeconfig/types.js';
import type { WebSocket } from 'ws';
import type { Backend, BackendOptions, ExecRequest, ExecSession } from '../types.js';
import { parseKubeOptions } from './options.js';
import type { KubeBackendOptions, KubeSettings } from './options.js';
import { PodCache, choosePodContainer } from './preflight.js';
import { KubeExecSession } from './session.js';
import { execUrl, openExecSocket } from './upgrade.js';

/** Settles with `promise`, or rejects with the signal's reason as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Adds the run's fields to an error raised by a lookup shared between runs. */
function withContext(error: unknown, context: ErrorContext): unknown {
  if (error instanceof PodexecError) {
    error.pod ??= context.pod;
    error.namespace ??= context.namespace;
    error.container ??= context.container;
    error.command ??= context.command;
  }
  return error;
}

export class KubeBackend implements Backend {
  readonly name: string;
  private readonly options: KubeBackendOptions;
  private readonly settings: KubeSettings;
  private readonly pods: PodCache;
  private readonly sessions = new Set<KubeExecSession>();
  private connection: Promise<ClusterConnection> | undefined;
  private api: ApiClient | undefined;

  constructor(options: BackendOptions, name = 'kube') {
    this.name = name;
    this.options = options;
    this.settings = parseKubeOptions(options);
    this.pods = new PodCache(this.settings.podCacheTtlMs);
  }

  async defaultNamespace(): Promise<string> {
    return this.options.namespace ?? (await this.getConnection()).namespace;
  }

  async exec(request: ExecRequest): Promise<ExecSession> {
    const { signal } = request;
    const context: ErrorContext = {
      pod: request.pod,
      namespace: request.namespace,
      container: request.container,
      command: formatArgv(request.argv),
    };
    const connection = await abortable(this.getConnection(), signal);
    const api = this.getApi(connection);

    // The lookup is shared by concurrent runs, so it must not carry one run's abort signal.
    const podLookup = this.pods.get(request.namespace, request.pod, () =>
      api.getPod(request.namespace, request.pod, { context: { pod: request.pod, namespace: request.namespace } }),
    );
    let pod: Pod;
    try {
      pod = await abortable(podLookup, signal);
    } catch (error) {
      throw withContext(error, context);
    }
    const choice = choosePodContainer(pod, request.container, context);
    const runContext: ErrorContext = { ...context, container: choice.container };
    const url = execUrl(connection.server, request, choice.container);

    const startSession = (socket: WebSocket): KubeExecSession => {
      const session = new KubeExecSession({
        socket,
        container: choice.container,
        diagnostics: choice.diagnostics,
        validContainers: choice.validContainers,
        stdin: request.stdin,
        tty: request.tty,
        signal,
        context: runContext,
        keepaliveIntervalMs: this.settings.keepaliveIntervalMs,
        keepaliveTimeoutMs: this.settings.keepaliveTimeoutMs,
        statusGraceMs: this.settings.statusGraceMs,
      });
      this.sessions.add(session);
      const forget = () => this.sessions.delete(session);
      session.exit.then(forget, forget);
      return session;
    };
    const open = async (retryOnUnauthorized: boolean): Promise<KubeExecSession> => {
      const credentials = await abortable(connection.credentials(), signal);
      const upgrade = {
        connection,
        credentials,
        url,
        protocols: this.settings.protocols,
        signal,
        context: runContext,
        validContainers: choice.validContainers,
      };
      try {
        return await openExecSocket(upgrade, startSession);
      } catch (error) {
        if (!(error instanceof UnauthorizedError)) throw error;
        // Credentials from an exec plugin may be revoked before they expire: fetch new ones once.
        // Static credentials come back unchanged, and a second attempt with them would fail again.
        connection.invalidateCredentials();
        if (!retryOnUnauthorized) throw error;
        const renewed = await abortable(connection.credentials(), signal);
        if (sameCredentials(credentials, renewed)) throw error;
        return open(false);
      }
    };
    return open(true);
  }

  /** Closes open sessions (their `exit` rejects with StreamLostError), idle sockets and caches. */
  async close(): Promise<void> {
    for (const session of this.sessions) session.close();
    this.sessions.clear();
    this.pods.clear();
    this.api?.close();
    this.api = undefined;
  }

  private getConnection(): Promise<ClusterConnection> {
    if (!this.connection) {
      const loading = this.settings.connection
        ? Promise.resolve(this.settings.connection)
        : loadConnection({ kubeconfig: this.options.kubeconfig, context: this.options.context });
      this.connection = loading;
      // A failed load is not kept, so a corrected kubeconfig works on the next run.
      loading.catch(() => {
        if (this.connection === loading) this.connection = undefined;
      });
    }
    return this.connection;
  }

  private getApi(connection: ClusterConnection): ApiClient {
    this.api ??= createApiClient(connection);
    return this.api;
  }
}
