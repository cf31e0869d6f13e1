/** Failures before any request: invalid options, backends, kubeconfig, credentials, connecting. */
import { PodexecError, describeValue, type ErrorContext } from './base.js';

/** An option or command field has the wrong type or value; thrown before any I/O. */
export class InvalidOptionError extends PodexecError {
  readonly option: string;
  readonly expected: string;
  readonly received: unknown;

  constructor(option: string, expected: string, received: unknown, hint?: string) {
    const shown = describeValue(received);
    super(
      'PODEXEC_INVALID_OPTION',
      `Invalid option "${option}": expected ${expected}, received ${shown}.` + (hint ? ` ${hint}` : ''),
    );
    this.option = option;
    this.expected = expected;
    this.received = received;
  }
}

/** No backend is registered under the requested name. */
export class UnknownBackendError extends PodexecError {
  readonly backend: string;
  readonly registered: readonly string[];

  constructor(backend: string, registered: readonly string[]) {
    super(
      'PODEXEC_UNKNOWN_BACKEND',
      `Unknown backend "${backend}". Registered backends: ${registered.join(', ') || '(none)'}.`,
    );
    this.backend = backend;
    this.registered = registered;
  }
}

/** The backend exists but cannot work on this machine, for example its binary is missing. */
export class BackendUnavailableError extends PodexecError {
  readonly backend: string;
  /** Every place that was looked at, in order. */
  readonly searched: readonly string[];

  constructor(backend: string, message: string, searched: readonly string[], context: ErrorContext = {}) {
    super('PODEXEC_BACKEND_UNAVAILABLE', message, context);
    this.backend = backend;
    this.searched = searched;
  }
}

/** A kubeconfig file is unreadable or has an invalid entry; `file` and `path` locate it. */
export class KubeconfigError extends PodexecError {
  readonly file: string | undefined;
  /** Path of the bad entry inside the file, such as `contexts[1].context.cluster`. */
  readonly path: string | undefined;

  constructor(message: string, details: { file?: string | undefined; path?: string | undefined; cause?: unknown } = {}) {
    super('PODEXEC_KUBECONFIG_INVALID', message, { cause: details.cause });
    this.file = details.file;
    this.path = details.path;
  }
}

/** No kubeconfig or in-cluster configuration was found; `tried` lists the sources checked. */
export class NoKubeconfigError extends PodexecError {
  readonly tried: readonly string[];

  constructor(tried: readonly string[]) {
    super(
      'PODEXEC_KUBECONFIG_NOT_FOUND',
      `No Kubernetes configuration found. Tried: ${tried.join('; ')}. ` +
        'Set KUBECONFIG or pass --kubeconfig, or run podexec inside a pod with a service account.',
    );
    this.tried = tried;
  }
}

/** An exec credential plugin failed or printed an invalid ExecCredential. */
export class CredentialPluginError extends PodexecError {
  readonly plugin: string;

  constructor(plugin: string, message: string, cause?: unknown) {
    super('PODEXEC_CREDENTIAL_PLUGIN_FAILED', message, { cause });
    this.plugin = plugin;
  }
}

/** The API server could not be reached (DNS, TCP, TLS); nothing ran. */
export class ConnectError extends PodexecError {
  readonly server: string;

  constructor(server: string, message: string, context: ErrorContext = {}) {
    super('PODEXEC_CONNECT_FAILED', message, context);
    this.server = server;
  }
}
