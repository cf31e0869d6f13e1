/** Loads one ClusterConnection from kubeconfig files or in-cluster configuration, like kubectl. */
import path from 'node:path';
import { InvalidOptionError, KubeconfigError, NoKubeconfigError } from '../core/errors.js';
import { resolveCluster, clusterLocation } from './cluster.js';
import { SERVICE_ACCOUNT_DIR, loadInCluster } from './in-cluster.js';
import { isEmptyKubeconfig, mergeKubeconfigs } from './merge.js';
import { selectContext } from './select.js';
import { readKubeconfigSources } from './sources.js';
import type { ClusterConnection, LoadOptions } from './types.js';
import { resolveUser } from './user.js';

/** Settings that only tests and unusual deployments change; not part of the public options. */
export interface LoadInternals {
  /** Folder with the service account's `token`, `ca.crt` and `namespace` files. */
  serviceAccountDir?: string | undefined;
}

/**
 * Loads the connection for `options`. Sources in order: `options.kubeconfig`, else the files in
 * KUBECONFIG, else ~/.kube/config, else in-cluster configuration when no file set anything.
 * Throws KubeconfigError, NoKubeconfigError or InvalidOptionError.
 */
export async function loadConnectionWith(options: LoadOptions, internals: LoadInternals = {}): Promise<ClusterConnection> {
  validateOptions(options);
  const env = options.env ?? process.env;
  const sources = await readKubeconfigSources(options.kubeconfig, env, options.env === undefined);
  const merged = mergeKubeconfigs(sources.documents);

  if (options.kubeconfig === undefined && isEmptyKubeconfig(merged)) {
    if (options.context !== undefined) {
      throw new NoKubeconfigError([...sources.tried, `in-cluster (not used because context ${JSON.stringify(options.context)} was requested)`]);
    }
    const inCluster = await loadInCluster(env, internals.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
    if ('connection' in inCluster) return inCluster.connection;
    throw new NoKubeconfigError([...sources.tried, inCluster.skipped]);
  }

  const selected = selectContext(merged, options.context);
  const cluster = await resolveCluster(selected.cluster);
  const user = await resolveUser(selected.user, { entry: selected.cluster, settings: cluster }, env);

  if (cluster.plainHttp && user.hasCredentials) {
    // kubectl does not send credentials over plain HTTP either; failing here is clearer than a 401.
    const location = clusterLocation(selected.cluster, 'server');
    throw new KubeconfigError(
      `Invalid kubeconfig ${location.file}: ${location.path} ${JSON.stringify(cluster.server)} uses plain http, ` +
        `and podexec does not send the credentials of user ${JSON.stringify(selected.user?.name)} unencrypted. ` +
        'Use the https URL of the API server.',
      location,
    );
  }

  const sourceFiles = [selected.context.file, selected.cluster.file, selected.user?.file].filter(
    (file, index, all): file is string => file !== undefined && all.indexOf(file) === index,
  );
  return {
    server: cluster.server,
    contextName: selected.context.name,
    namespace: selected.namespace,
    ca: cluster.ca,
    insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
    tlsServerName: cluster.tlsServerName,
    source: sourceFiles.join(path.delimiter),
    credentials: () => user.credentials(),
    invalidateCredentials: () => user.invalidate(),
  };
}

function validateOptions(options: LoadOptions): void {
  for (const key of ['kubeconfig', 'context'] as const) {
    const value: unknown = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new InvalidOptionError(key, 'a non-empty string', value);
    }
  }
}
