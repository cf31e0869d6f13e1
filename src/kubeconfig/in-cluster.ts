/**
 * Configuration for a process running in a pod: the API server from KUBERNETES_SERVICE_HOST and
 * KUBERNETES_SERVICE_PORT, and the pod's service account token, CA and namespace files.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { debuglog } from 'node:util';
import { TokenFileCache, parseTokenFile } from './credential-cache.js';
import type { ClusterConnection } from './types.js';

const log = debuglog('podexec');

/** Mount point of the service account token, CA bundle and namespace files in a pod. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export type InClusterResult = { connection: ClusterConnection } | { skipped: string };

/**
 * Builds the in-cluster connection, or returns why it does not apply. The token file is read again
 * every minute because the kubelet rotates projected tokens.
 */
export async function loadInCluster(env: NodeJS.ProcessEnv, serviceAccountDir: string): Promise<InClusterResult> {
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port) return { skipped: 'in-cluster (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set)' };

  const tokenPath = path.join(serviceAccountDir, 'token');
  let token: string;
  try {
    const info = await stat(tokenPath);
    if (!info.isFile()) return { skipped: `in-cluster (${tokenPath} is not a file)` };
    token = parseTokenFile(await readFile(tokenPath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { skipped: `in-cluster (service account token ${tokenPath} could not be read: ${code})` };
  }

  const ca = await readOptional(path.join(serviceAccountDir, 'ca.crt'));
  // kubectl also continues with the system CAs when ca.crt is missing.
  if (ca === undefined) log('in-cluster: %s not readable, using the default CAs', path.join(serviceAccountDir, 'ca.crt'));

  const tokenFile = new TokenFileCache(tokenPath, token);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    connection: {
      server: `https://${hostPart}:${port}`,
      contextName: undefined,
      namespace: await inClusterNamespace(env, serviceAccountDir),
      ca,
      insecureSkipTlsVerify: false,
      tlsServerName: undefined,
      source: 'in-cluster',
      async credentials() {
        const current = await tokenFile.get();
        return current === undefined ? {} : { token: current };
      },
      invalidateCredentials: () => tokenFile.invalidate(),
    },
  };
}

/** POD_NAMESPACE (set through the downward API) wins, then the service account's namespace file. */
async function inClusterNamespace(env: NodeJS.ProcessEnv, serviceAccountDir: string): Promise<string> {
  const fromEnv = env['POD_NAMESPACE'];
  if (fromEnv) return fromEnv;
  const fromFile = (await readOptional(path.join(serviceAccountDir, 'namespace')))?.toString('utf8').trim();
  return fromFile || 'default';
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}
