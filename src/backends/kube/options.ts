/** Settings of the `kube` backend, validated once when the backend is created. */
import { InvalidOptionError } from '../../core/errors.js';
import type { ClusterConnection } from '../../kubeconfig/types.js';
import { SUPPORTED_PROTOCOLS } from '../../protocol/channels.js';
import type { BackendOptions } from '../types.js';

export interface KubeBackendOptions extends BackendOptions {
  /** A ready connection to use instead of loading the kubeconfig; for library callers that have one. */
  connection?: ClusterConnection | undefined;
  /**
   * Subprotocols to offer, a non-empty subset of `v5.channel.k8s.io` and `v4.channel.k8s.io` in
   * preference order. Default both, v5 first. Offering only v4 exists to test the v4 code path.
   */
  protocols?: readonly string[] | undefined;
  /** Milliseconds between WebSocket pings on an open exec connection; default 5000. */
  keepaliveIntervalMs?: number | undefined;
  /** Milliseconds without a pong or any message after which the connection counts as dead; default 30000. */
  keepaliveTimeoutMs?: number | undefined;
  /** Milliseconds a pod fetched by the pre-flight stays cached; default 3000, 0 disables the cache. */
  podCacheTtlMs?: number | undefined;
  /** Milliseconds to wait for the server to close the socket after the exit status; default 1000. */
  statusGraceMs?: number | undefined;
}

/** The validated settings with defaults applied. */
export interface KubeSettings {
  connection: ClusterConnection | undefined;
  protocols: readonly string[];
  keepaliveIntervalMs: number;
  keepaliveTimeoutMs: number;
  podCacheTtlMs: number;
  statusGraceMs: number;
}

function checkDuration(options: KubeBackendOptions, key: keyof KubeBackendOptions, defaultValue: number, minimum: number): number {
  const value = options[key];
  if (value === undefined) return defaultValue;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
    throw new InvalidOptionError(String(key), `a number of milliseconds, at least ${minimum}`, value);
  }
  return value;
}

function checkProtocols(value: unknown): readonly string[] {
  if (value === undefined) return SUPPORTED_PROTOCOLS;
  const expected = `a non-empty array of distinct names from ${SUPPORTED_PROTOCOLS.join(', ')}`;
  if (!Array.isArray(value) || value.length === 0) throw new InvalidOptionError('protocols', expected, value);
  const seen = new Set<string>();
  for (const entry of value) {
    if (typeof entry !== 'string' || !SUPPORTED_PROTOCOLS.includes(entry) || seen.has(entry)) {
      throw new InvalidOptionError('protocols', expected, value, `Entry ${JSON.stringify(entry)} is not allowed.`);
    }
    seen.add(entry);
  }
  return [...seen];
}

function checkConnection(value: unknown): ClusterConnection | undefined {
  if (value === undefined) return undefined;
  const record = value as Partial<ClusterConnection> | null;
  if (typeof record !== 'object' || record === null || typeof record.server !== 'string' || typeof record.credentials !== 'function') {
    throw new InvalidOptionError('connection', 'a ClusterConnection with server and credentials()', value);
  }
  return value as ClusterConnection;
}

/** Validates the backend options; throws InvalidOptionError naming the first bad one. */
export function parseKubeOptions(options: KubeBackendOptions): KubeSettings {
  const keepaliveIntervalMs = checkDuration(options, 'keepaliveIntervalMs', 5_000, 10);
  const keepaliveTimeoutMs = checkDuration(options, 'keepaliveTimeoutMs', 30_000, 10);
  if (keepaliveTimeoutMs < keepaliveIntervalMs) {
    throw new InvalidOptionError(
      'keepaliveTimeoutMs',
      `a number of milliseconds, at least keepaliveIntervalMs (${keepaliveIntervalMs})`,
      keepaliveTimeoutMs,
    );
  }
  return {
    connection: checkConnection(options.connection),
    protocols: checkProtocols(options.protocols),
    keepaliveIntervalMs,
    keepaliveTimeoutMs,
    podCacheTtlMs: checkDuration(options, 'podCacheTtlMs', 3_000, 0),
    statusGraceMs: checkDuration(options, 'statusGraceMs', 1_000, 0),
  };
}
