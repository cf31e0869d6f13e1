/** Turns the selected cluster entry into the connection settings of a ClusterConnection. */
import { readFile } from 'node:fs/promises';
import type { ClusterEntry } from './document.js';
import { invalidField, type FieldLocation } from './fields.js';

export interface ClusterSettings {
  server: string;
  /** True for an `http://` server, to which no credentials may be sent. */
  plainHttp: boolean;
  ca: Buffer | undefined;
  insecureSkipTlsVerify: boolean;
  tlsServerName: string | undefined;
}

const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:']);

export function clusterLocation(cluster: ClusterEntry, field?: string): FieldLocation {
  const base = `clusters[${cluster.index}].cluster`;
  return { file: cluster.file, path: field ? `${base}.${field}` : base };
}

/** Validates the cluster entry and reads its certificate authority file, if any. */
export async function resolveCluster(cluster: ClusterEntry): Promise<ClusterSettings> {
  const server = parseServer(cluster);

  const hasCa = cluster.certificateAuthorityData !== undefined || cluster.certificateAuthority !== undefined;
  if (cluster.insecureSkipTlsVerify && hasCa) {
    invalidField(
      clusterLocation(cluster, 'insecure-skip-tls-verify'),
      'is true while certificate-authority or certificate-authority-data is also set',
      'Skipping verification and trusting a CA are exclusive: remove one of them.',
    );
  }

  if (cluster.proxyUrl !== undefined) rejectProxy(cluster, cluster.proxyUrl);

  return {
    server: server.text,
    plainHttp: server.plainHttp,
    ca: await readCertificateAuthority(cluster),
    insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
    tlsServerName: cluster.tlsServerName,
  };
}

function parseServer(cluster: ClusterEntry): { text: string; plainHttp: boolean } {
  const location = clusterLocation(cluster, 'server');
  if (cluster.server === undefined) invalidField(location, 'is missing', 'Set it to the API server URL, such as https://api.example.com:6443.');
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    invalidField(location, `${JSON.stringify(cluster.server)} is not a valid URL`, 'Use a full URL with scheme, such as https://api.example.com:6443.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    invalidField(location, `${JSON.stringify(cluster.server)} must be an http or https URL`, 'Use a URL such as https://api.example.com:6443.');
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    invalidField(location, `${JSON.stringify(cluster.server)} must not contain a query, fragment or user information`);
  }
  return { text: cluster.server.replace(/\/+$/, ''), plainHttp: url.protocol === 'http:' };
}

/** Returns the CA bundle: `certificate-authority-data` wins over the file, as in kubectl. */
async function readCertificateAuthority(cluster: ClusterEntry): Promise<Buffer | undefined> {
  if (cluster.certificateAuthorityData !== undefined) return cluster.certificateAuthorityData;
  if (cluster.certificateAuthority === undefined) return undefined;
  try {
    return await readFile(cluster.certificateAuthority);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return invalidField(
      clusterLocation(cluster, 'certificate-authority'),
      `names ${cluster.certificateAuthority}, which could not be read (${code})`,
      'Relative paths are resolved against the folder of the kubeconfig file.',
    );
  }
}

// TODO: connect through proxy-url (HTTP CONNECT and SOCKS5) instead of rejecting it.
function rejectProxy(cluster: ClusterEntry, proxyUrl: string): never {
  const location = clusterLocation(cluster, 'proxy-url');
  let scheme: string;
  try {
    scheme = new URL(proxyUrl).protocol;
  } catch {
    // The value is not echoed because a proxy URL may carry a password.
    invalidField(location, 'is not a valid URL');
  }
  if (!PROXY_SCHEMES.has(scheme)) {
    invalidField(location, `has the scheme ${JSON.stringify(scheme)}, but only http, https and socks5 are valid`);
  }
  return invalidField(location, 'is set, but podexec cannot connect through a proxy yet', 'Remove proxy-url or use the kubectl backend.');
}
