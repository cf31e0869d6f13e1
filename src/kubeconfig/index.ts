/** Kubeconfig loading that follows kubectl's rules, with exec credential plugins and in-cluster configuration. */
import { loadConnectionWith } from './load.js';
import type { ClusterConnection, LoadOptions } from './types.js';

export type { ClusterConnection, Credentials, LoadOptions } from './types.js';

/** Loads the API server, namespace and credentials selected by `options`, as kubectl would. */
export function loadConnection(options: LoadOptions = {}): Promise<ClusterConnection> {
  return loadConnectionWith(options);
}
