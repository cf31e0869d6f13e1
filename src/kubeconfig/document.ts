/**
 * The typed form of one kubeconfig file. Paths in it are already absolute: relative ones were
 * resolved against the folder of the file that contains them, as kubectl does before merging.
 */

/** Origin of an entry, so errors found after merging still name the right file and index. */
export interface EntryOrigin {
  file: string;
  /** Position in the file's `clusters`, `users` or `contexts` list. */
  index: number;
}

export interface ClusterEntry extends EntryOrigin {
  name: string;
  server: string | undefined;
  certificateAuthority: string | undefined;
  certificateAuthorityData: Buffer | undefined;
  insecureSkipTlsVerify: boolean;
  tlsServerName: string | undefined;
  proxyUrl: string | undefined;
  /** The `client.authentication.k8s.io/exec` extension, passed to exec plugins as `spec.cluster.config`. */
  execExtension: unknown;
}

export interface ExecEnvVar {
  name: string | undefined;
  value: string;
}

/** The `exec` section of a user entry, before semantic checks. */
export interface ExecSection {
  command: string | undefined;
  args: string[];
  env: ExecEnvVar[];
  apiVersion: string | undefined;
  installHint: string | undefined;
  provideClusterInfo: boolean;
  interactiveMode: string | undefined;
}

export interface UserEntry extends EntryOrigin {
  name: string;
  token: string | undefined;
  tokenFile: string | undefined;
  clientCertificate: string | undefined;
  clientCertificateData: Buffer | undefined;
  clientKey: string | undefined;
  clientKeyData: Buffer | undefined;
  username: string | undefined;
  password: string | undefined;
  /** Name of a legacy `auth-provider`, which podexec does not support. */
  authProvider: string | undefined;
  exec: ExecSection | undefined;
}

export interface ContextEntry extends EntryOrigin {
  name: string;
  cluster: string | undefined;
  user: string | undefined;
  namespace: string | undefined;
}

export interface KubeconfigDocument {
  file: string;
  currentContext: string | undefined;
  clusters: ClusterEntry[];
  users: UserEntry[];
  contexts: ContextEntry[];
}

/** True when the file set nothing at all, as an empty file does. */
export function isEmptyDocument(document: KubeconfigDocument): boolean {
  return (
    document.currentContext === undefined &&
    document.clusters.length === 0 &&
    document.users.length === 0 &&
    document.contexts.length === 0
  );
}
