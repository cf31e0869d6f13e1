/** Output of the kubeconfig loader: everything needed to reach one API server as one user. */

export interface Credentials {
  /** Bearer token, from `token`, `tokenFile`, an exec plugin or the in-cluster service account. */
  token?: string | undefined;
  /** Client certificate and key in PEM, from the user entry or an exec plugin. */
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
}

export interface ClusterConnection {
  /** API server URL such as `https://127.0.0.1:6443`, without a trailing slash. */
  server: string;
  /** Context used, or undefined for in-cluster configuration. */
  contextName: string | undefined;
  /** Namespace of the context, else `default`. */
  namespace: string;
  /** PEM bundle to trust; undefined means Node's default CAs. */
  ca: Buffer | undefined;
  /** True only when the kubeconfig sets `insecure-skip-tls-verify: true`. */
  insecureSkipTlsVerify: boolean;
  /** Name to verify the server certificate against instead of the URL's host. */
  tlsServerName: string | undefined;
  /** Source of the configuration: kubeconfig file paths, or `in-cluster`. */
  source: string;
  /**
   * Returns current credentials. Exec plugin results are cached until their expirationTimestamp,
   * and concurrent calls share one plugin run.
   */
  credentials(): Promise<Credentials>;
  /** Drops cached plugin credentials, for a retry after a 401. */
  invalidateCredentials(): void;
}

export interface LoadOptions {
  /** Explicit kubeconfig path (the `--kubeconfig` flag); overrides KUBECONFIG. */
  kubeconfig?: string | undefined;
  /** Context name (the `--context` flag); overrides current-context. */
  context?: string | undefined;
  /** Environment to read KUBECONFIG, HOME and KUBERNETES_SERVICE_HOST from; defaults to process.env. */
  env?: NodeJS.ProcessEnv | undefined;
}
