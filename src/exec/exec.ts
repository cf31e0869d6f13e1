/**
 * The `Exec` dispatcher: creates the backend registered under a name and runs commands through
 * it, adding validation, timeouts, remote stop, retries, secret masking and logging around the
 * backend contract.
 */
import '../backends/builtin.js';
import { createBackend } from '../backends/registry.js';
import type { Backend, BackendOptions } from '../backends/types.js';
import { normalizeCommand, type CommandInput, type CommandOptions } from '../core/command.js';
import { InvalidOptionError } from '../core/errors.js';
import { validateNamespace, validatePodName } from '../core/names.js';
import type { ExecResult, RunHandle } from '../core/result.js';
import { Run } from './run.js';

export interface ExecOptions extends BackendOptions {
  /** Registered backend name: `kube` (default), `kubectl`, `oc`, or one added with registerBackend. */
  backend?: string | undefined;
  /** Kubeconfig file; overrides KUBECONFIG. */
  kubeconfig?: string | undefined;
  /** Kubeconfig context; overrides current-context. */
  context?: string | undefined;
  /** Namespace for runs that name none; otherwise the context's namespace. */
  namespace?: string | undefined;
}

function checkOptionalString(option: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
    throw new InvalidOptionError(option, 'a non-empty string', value);
  }
}

export class Exec {
  readonly #backend: Backend;
  #closed = false;

  /** Throws InvalidOptionError for an invalid option and UnknownBackendError for an unknown backend. */
  constructor(options: ExecOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionError('options', 'an object of Exec options', options);
    }
    const { backend = 'kube', ...backendOptions } = options;
    checkOptionalString('backend', backend);
    checkOptionalString('kubeconfig', backendOptions.kubeconfig);
    checkOptionalString('context', backendOptions.context);
    validateNamespace(backendOptions.namespace);
    this.#backend = createBackend(backend, backendOptions);
  }

  /** Name of the backend runs go through. */
  get backend(): string {
    return this.#backend.name;
  }

  /**
   * Runs `command` in `pod`; `namespace` undefined means the default namespace. Resolves once the
   * command ended and its output was flushed, with `wait: false` returns a RunHandle at once.
   * Rejects (or, with `wait: false`, throws) InvalidOptionError before any I/O.
   */
  run(pod: string, namespace: string | undefined, command: CommandOptions & { wait: false }): RunHandle;
  run(pod: string, namespace: string | undefined, command: CommandInput): Promise<ExecResult>;
  run(pod: string, namespace: string | undefined, command: CommandInput): Promise<ExecResult> | RunHandle {
    const noWait = typeof command === 'object' && command !== null && !Array.isArray(command) &&
      (command as CommandOptions).wait === false;
    if (noWait) return this.#start(pod, namespace, command);
    try {
      return this.#start(pod, namespace, command).result;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #start(pod: string, namespace: string | undefined, command: CommandInput): RunHandle {
    if (this.#closed) {
      throw new InvalidOptionError('exec', 'an Exec that is not closed', 'closed', 'Create a new Exec for more runs.');
    }
    validatePodName(pod);
    validateNamespace(namespace);
    const normalized = normalizeCommand(command);
    return new Run(this.#backend, pod, namespace, normalized).start();
  }

  /** Releases the backend's connections and cached credentials; runs still going are not stopped. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#backend.close();
  }
}
