/**
 * Turns the selected user entry into a credentials provider. Static tokens and client certificates
 * take precedence over an exec plugin, which then never runs, as in kubectl.
 */
import { readFile } from 'node:fs/promises';
import type { ClusterEntry, ExecSection, UserEntry } from './document.js';
import { EXEC_API_VERSIONS, runExecPlugin, type ExecApiVersion, type ExecClusterInfo } from './exec-plugin.js';
import { PluginCredentialCache, TokenFileCache, parseTokenFile } from './credential-cache.js';
import { invalidField, type FieldLocation } from './fields.js';
import type { ClusterSettings } from './cluster.js';
import type { Credentials } from './types.js';

export interface CredentialProvider {
  /** False for an anonymous user: a context without `user`, or a user entry without credentials. */
  hasCredentials: boolean;
  credentials(): Promise<Credentials>;
  invalidate(): void;
}

const ANONYMOUS: CredentialProvider = {
  hasCredentials: false,
  credentials: () => Promise.resolve({}),
  invalidate: () => undefined,
};

const INTERACTIVE_MODES = ['Never', 'IfAvailable', 'Always'];

function userLocation(user: UserEntry, field: string): FieldLocation {
  return { file: user.file, path: `users[${user.index}].user.${field}` };
}

/** Validates the user entry and reads its files; `user` undefined means anonymous access. */
export async function resolveUser(
  user: UserEntry | undefined,
  cluster: { entry: ClusterEntry; settings: ClusterSettings },
  env: NodeJS.ProcessEnv,
): Promise<CredentialProvider> {
  if (user === undefined) return ANONYMOUS;
  rejectUnsupported(user);

  const certificate = await readPemPair(user);
  const tokenFile = user.tokenFile === undefined ? undefined : await openTokenFile(user, user.tokenFile);
  const token = user.token;

  if (certificate || token !== undefined || tokenFile) {
    // The plugin result of a user that also has a static credential is never used, so it never runs.
    return {
      hasCredentials: true,
      async credentials() {
        const credentials: Credentials = { ...certificate };
        const current = (await tokenFile?.get()) ?? token;
        if (current !== undefined) credentials.token = current;
        return credentials;
      },
      invalidate: () => tokenFile?.invalidate(),
    };
  }

  if (user.exec) return execProvider(user, user.exec, cluster, env);
  return ANONYMOUS;
}

function rejectUnsupported(user: UserEntry): void {
  if (user.authProvider !== undefined) {
    invalidField(
      userLocation(user, 'auth-provider'),
      `is ${JSON.stringify(user.authProvider)}, but podexec does not support auth-provider plugins`,
      'Use an exec credential plugin instead (for OIDC, for example kubelogin).',
    );
  }
  let basicField: string | undefined;
  if (user.username !== undefined) basicField = 'username';
  else if (user.password !== undefined) basicField = 'password';
  if (basicField) {
    invalidField(
      userLocation(user, basicField),
      'is set, but basic authentication is not supported',
      'Kubernetes removed it in 1.19; use a token, a client certificate or an exec plugin.',
    );
  }
}

async function readPemPair(user: UserEntry): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  const cert = user.clientCertificateData ?? (await readUserFile(user, 'client-certificate', user.clientCertificate));
  const key = user.clientKeyData ?? (await readUserFile(user, 'client-key', user.clientKey));
  if (cert === undefined && key === undefined) return undefined;
  if (key === undefined) invalidField(userLocation(user, 'client-key'), 'is missing', 'A client certificate needs client-key or client-key-data.');
  if (cert === undefined) invalidField(userLocation(user, 'client-certificate'), 'is missing', 'A client key needs client-certificate or client-certificate-data.');
  return { cert, key };
}

async function readUserFile(user: UserEntry, field: string, file: string | undefined): Promise<Buffer | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return invalidField(
      userLocation(user, field),
      `names ${file}, which could not be read (${code})`,
      'Relative paths are resolved against the folder of the kubeconfig file.',
    );
  }
}

/** Reads the token file once now, so a wrong path fails at load instead of at the first request. */
async function openTokenFile(user: UserEntry, file: string): Promise<TokenFileCache | undefined> {
  let token: string;
  try {
    token = parseTokenFile(await readFile(file, 'utf8'));
  } catch (error) {
    // kubectl falls back to `token` when the file cannot be read.
    if (user.token !== undefined) return undefined;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return invalidField(userLocation(user, 'tokenFile'), `names ${file}, which could not be read (${code})`);
  }
  if (token === '') {
    if (user.token !== undefined) return undefined;
    invalidField(userLocation(user, 'tokenFile'), `names ${file}, which is empty`);
  }
  return new TokenFileCache(file, token);
}

function execProvider(
  user: UserEntry,
  exec: ExecSection,
  cluster: { entry: ClusterEntry; settings: ClusterSettings },
  env: NodeJS.ProcessEnv,
): CredentialProvider {
  const location = (field: string): FieldLocation => userLocation(user, `exec.${field}`);
  if (exec.command === undefined) invalidField(location('command'), 'is missing');
  if (exec.apiVersion === undefined) invalidField(location('apiVersion'), 'is missing', `Use ${EXEC_API_VERSIONS.join(' or ')}.`);
  if (!isExecApiVersion(exec.apiVersion)) {
    invalidField(location('apiVersion'), `${JSON.stringify(exec.apiVersion)} is not supported`, `Use ${EXEC_API_VERSIONS.join(' or ')}.`);
  }
  checkInteractiveMode(exec, location('interactiveMode'));
  const variables = exec.env.map((variable, index) => {
    if (variable.name === undefined) invalidField(location(`env[${index}].name`), 'is missing');
    return { name: variable.name, value: variable.value };
  });

  const config = {
    userName: user.name,
    command: exec.command,
    args: exec.args,
    env: variables,
    baseEnv: env,
    apiVersion: exec.apiVersion,
    installHint: exec.installHint,
    cluster: exec.provideClusterInfo ? clusterInfo(cluster.entry, cluster.settings) : undefined,
  };
  const cache = new PluginCredentialCache(() => runExecPlugin(config));
  return { hasCredentials: true, credentials: () => cache.get(), invalidate: () => cache.invalidate() };
}

function isExecApiVersion(value: string): value is ExecApiVersion {
  return (EXEC_API_VERSIONS as readonly string[]).includes(value);
}

/**
 * Checks `interactiveMode`: v1 requires it, v1beta1 defaults to IfAvailable. Plugins never get a
 * terminal from podexec, so `Always` cannot work.
 */
function checkInteractiveMode(exec: ExecSection, location: FieldLocation): void {
  const mode = exec.interactiveMode;
  if (mode === undefined) {
    if (exec.apiVersion === 'client.authentication.k8s.io/v1') {
      invalidField(location, 'is missing', 'client.authentication.k8s.io/v1 requires Never, IfAvailable or Always.');
    }
    return;
  }
  if (!INTERACTIVE_MODES.includes(mode)) invalidField(location, `${JSON.stringify(mode)} is not valid`, 'Use Never, IfAvailable or Always.');
  if (mode === 'Always') {
    invalidField(location, 'is Always, but podexec runs credential plugins without a terminal', 'Set it to IfAvailable or Never, or log in with the plugin in a terminal first.');
  }
}

function clusterInfo(entry: ClusterEntry, settings: ClusterSettings): ExecClusterInfo {
  const info: ExecClusterInfo = { server: settings.server };
  if (settings.tlsServerName !== undefined) info['tls-server-name'] = settings.tlsServerName;
  if (settings.insecureSkipTlsVerify) info['insecure-skip-tls-verify'] = true;
  if (settings.ca !== undefined) info['certificate-authority-data'] = settings.ca.toString('base64');
  if (entry.proxyUrl !== undefined) info['proxy-url'] = entry.proxyUrl;
  if (entry.execExtension !== undefined) info.config = entry.execExtension;
  return info;
}
