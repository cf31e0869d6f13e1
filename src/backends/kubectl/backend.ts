/**
 * The kubectl backend: runs each command as a `kubectl exec` (or `oc exec`) child process. Useful
 * where kubectl already works and podexec's own client does not, such as with credential setups
 * only kubectl understands, and as a second implementation the contract tests compare against.
 */
import { formatArgv } from '../../core/argv.js';
import { ContainerNotFoundError, InvalidOptionError, KubeconfigError, type ErrorContext, type PodexecError } from '../../core/errors.js';
import type { Backend, BackendOptions, ExecRequest, ExecSession } from '../types.js';
import { contextNamespaceArgs, execArgs, type ConnectionFlags } from './args.js';
import { locateBinary } from './binary.js';
import { fetchContainerNames, fetchDefaultContainer, type DefaultContainer } from './pod-info.js';
import { lastErrorLine, runKubectl } from './run.js';
import { spawnSession } from './session.js';
import { queryClientVersion, versionNote } from './version.js';

/** How long a pod's default container is reused; as short as the kube backend's pod cache. */
const DEFAULT_CONTAINER_CACHE_TTL_MS = 3000;
const DEFAULT_CONTAINER_CACHE_SIZE = 512;

/** Options of the kubectl backend beyond the common BackendOptions. */
export interface KubectlBackendOptions extends BackendOptions {
  /** Path or PATH name of the binary; wins over the PODEXEC_KUBECTL environment variable. */
  kubectlPath?: string | undefined;
  /** Environment for kubectl (KUBECONFIG, KUBECACHEDIR, PATH, …); defaults to process.env. */
  env?: NodeJS.ProcessEnv | undefined;
}

export class KubectlBackend implements Backend {
  readonly name: string;
  private readonly flags: ConnectionFlags;
  private readonly namespace: string | undefined;
  private readonly explicitPath: string | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly searchNames: readonly string[];
  private binary: Promise<string> | undefined;
  private versionNote: Promise<string | undefined> | undefined;
  private contextNamespace: Promise<string> | undefined;
  /** Default-container choices by `namespace/pod`, so runs in quick succession spawn one `kubectl get`. */
  private readonly defaultContainers = new Map<string, { expiresAt: number; choice: Promise<DefaultContainer | undefined> }>();

  /** `searchNames` lists the binaries to look for on PATH, such as `['oc', 'kubectl']` for `oc`. */
  constructor(options: KubectlBackendOptions, name = 'kubectl', searchNames: readonly string[] = ['kubectl']) {
    this.name = name;
    this.flags = {
      kubeconfig: optionalString(options.kubeconfig, 'kubeconfig'),
      context: optionalString(options.context, 'context'),
    };
    this.namespace = optionalString(options.namespace, 'namespace');
    this.explicitPath = optionalString(options.kubectlPath, 'kubectlPath');
    if (options.env !== undefined && (typeof options.env !== 'object' || options.env === null)) {
      throw new InvalidOptionError('env', 'an object of environment variables', options.env);
    }
    this.env = options.env ?? process.env;
    this.searchNames = searchNames;
  }

  async defaultNamespace(): Promise<string> {
    if (this.namespace !== undefined) return this.namespace;
    this.contextNamespace ??= this.readContextNamespace();
    // A failed read is not kept, so a corrected kubeconfig works on the next run.
    this.contextNamespace.catch(() => {
      this.contextNamespace = undefined;
    });
    return this.contextNamespace;
  }

  private async readContextNamespace(): Promise<string> {
    const binary = await this.locate();
    const result = await runKubectl(binary, contextNamespaceArgs(this.flags), this.env);
    if (result.exitCode !== 0) {
      throw new KubeconfigError(`kubectl could not read the kubeconfig context: ${lastErrorLine(result.stderr)}`, {
        file: this.flags.kubeconfig,
      });
    }
    return result.stdout.trim() || 'default';
  }

  async exec(request: ExecRequest): Promise<ExecSession> {
    request.signal.throwIfAborted();
    const binary = await this.locate();
    // The command text goes into error messages; the dispatcher masks secrets in them.
    const context = { pod: request.pod, namespace: request.namespace, container: request.container, command: formatArgv(request.argv) };
    const diagnostics: string[] = [];

    const note = await this.clientVersionNote(binary);
    if (note !== undefined) diagnostics.push(note);

    let container = request.container;
    if (container === undefined) {
      const chosen = await this.cachedDefaultContainer(binary, { ...context, pod: request.pod, namespace: request.namespace });
      container = chosen?.name;
      if (chosen?.note !== undefined) diagnostics.push(chosen.note);
    }
    request.signal.throwIfAborted();

    const sessionOptions = {
      backend: this.name,
      binary,
      args: execArgs(this.flags, request, container),
      env: this.env,
      stdin: request.stdin,
      signal: request.signal,
      container: container ?? '',
      diagnostics,
      enrichError: (error: PodexecError) => this.enrichError(binary, error),
      kubeconfig: this.flags.kubeconfig,
      context: { ...context, container },
    };
    if (request.tty) {
      const { spawnTtySession } = await import('./tty-session.js');
      return spawnTtySession(sessionOptions);
    }
    return spawnSession(sessionOptions);
  }

  async close(): Promise<void> {
    // Each session owns its kubectl process, and the backend keeps no connections open.
  }

  /** Looks up the binary path once per backend instance. */
  private locate(): Promise<string> {
    this.binary ??= locateBinary({ backend: this.name, explicitPath: this.explicitPath, env: this.env, searchNames: this.searchNames });
    // A failed lookup is retried on the next call, after the user may have installed kubectl.
    this.binary.catch(() => {
      this.binary = undefined;
    });
    return this.binary;
  }

  /** kubectl names no valid containers when one is missing, so they are read from the pod. */
  private async enrichError(binary: string, error: PodexecError): Promise<PodexecError> {
    if (!(error instanceof ContainerNotFoundError) || error.validContainers.length > 0 || error.pod === undefined) return error;
    const names = await fetchContainerNames(binary, this.flags, this.env, error.namespace ?? 'default', error.pod);
    if (names.length === 0) return error;
    const status = { httpStatus: error.httpStatus, reason: error.reason, serverMessage: error.serverMessage };
    return new ContainerNotFoundError(names, status, { pod: error.pod, namespace: error.namespace, container: error.container, command: error.command });
  }

  private cachedDefaultContainer(
    binary: string,
    context: ErrorContext & { pod: string; namespace: string },
  ): Promise<DefaultContainer | undefined> {
    const key = `${context.namespace}/${context.pod}`;
    const now = Date.now();
    const cached = this.defaultContainers.get(key);
    if (cached !== undefined && cached.expiresAt > now) return cached.choice;

    if (this.defaultContainers.size >= DEFAULT_CONTAINER_CACHE_SIZE) {
      for (const [staleKey, entry] of this.defaultContainers) {
        if (entry.expiresAt <= now) this.defaultContainers.delete(staleKey);
      }
      if (this.defaultContainers.size >= DEFAULT_CONTAINER_CACHE_SIZE) this.defaultContainers.clear();
    }
    const choice = fetchDefaultContainer(binary, this.flags, this.env, context);
    this.defaultContainers.set(key, { expiresAt: now + DEFAULT_CONTAINER_CACHE_TTL_MS, choice });
    // Errors (pod not found, completed pod) are not cached, so the next run reads the pod again.
    choice.catch(() => this.defaultContainers.delete(key));
    return choice;
  }

  private clientVersionNote(binary: string): Promise<string | undefined> {
    this.versionNote ??= queryClientVersion(binary, this.flags, this.env).then(versionNote);
    return this.versionNote;
  }
}

function optionalString(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new InvalidOptionError(option, 'a non-empty string', value);
  return value;
}
