/**
 * TLS settings, authentication headers and connection-failure errors shared by the REST client
 * and the WebSocket exec client, so both reach the API server the same way.
 */
import { ConnectError } from '../core/errors.js';
import type { ErrorContext } from '../core/errors.js';
import type { ClusterConnection, Credentials } from '../kubeconfig/types.js';

/** Options accepted by both `https.request` and `tls.connect` (through `ws`). */
export interface TlsOptions {
  ca?: Buffer;
  servername?: string;
  rejectUnauthorized: boolean;
  cert?: Buffer;
  key?: Buffer;
}

/** Builds the TLS options for one request from the cluster entry and the current credentials. */
export function tlsOptions(connection: ClusterConnection, credentials: Credentials): TlsOptions {
  const options: TlsOptions = { rejectUnauthorized: !connection.insecureSkipTlsVerify };
  if (connection.ca) options.ca = connection.ca;
  // Only an explicit tls-server-name is passed on: Node derives the name from a host name itself
  // and warns when an IP address is given as servername.
  if (connection.tlsServerName) options.servername = connection.tlsServerName;
  if (credentials.cert && credentials.key) {
    options.cert = credentials.cert;
    options.key = credentials.key;
  }
  return options;
}

/** Returns the Authorization header for a bearer token; none for certificate-only users. */
export function authHeaders(credentials: Credentials): Record<string, string> {
  return credentials.token ? { Authorization: `Bearer ${credentials.token}` } : {};
}

/** True when both credential sets would authenticate the same way. */
export function sameCredentials(a: Credentials, b: Credentials): boolean {
  const sameBuffer = (x: Buffer | undefined, y: Buffer | undefined) =>
    x === y || (x !== undefined && y !== undefined && x.equals(y));
  return a.token === b.token && sameBuffer(a.cert, b.cert) && sameBuffer(a.key, b.key);
}

/** OpenSSL and Node error codes that mean the server certificate failed verification. */
const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Turns a socket, DNS or TLS failure into a ConnectError that names the server and what to check. */
export function connectErrorFrom(server: string, error: unknown, context: ErrorContext = {}): ConnectError {
  const code = errorCode(error);
  const detail = code && !errorMessage(error).includes(code) ? `${code}: ${errorMessage(error)}` : errorMessage(error);
  let hint: string;
  if (code !== undefined && TLS_VERIFY_CODES.has(code)) {
    hint =
      `TLS certificate verification failed (${detail}). Check certificate-authority or ` +
      'certificate-authority-data of the cluster in the kubeconfig, and tls-server-name if the ' +
      'certificate names another host.';
  } else if (code === 'ECONNREFUSED') {
    hint = `connection refused (${detail}). Check that the API server is running and the server URL and port are right.`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    hint = `host name not resolved (${detail}). Check the server URL in the kubeconfig.`;
  } else {
    hint = `${detail}.`;
  }
  return new ConnectError(server, `Cannot connect to the API server ${server}: ${hint}`, { ...context, cause: error });
}
