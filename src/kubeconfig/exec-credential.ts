/**
 * Parses the ExecCredential an exec plugin prints. Messages never quote the plugin's output,
 * because it contains the token or private key.
 */
import { CredentialPluginError } from '../core/errors.js';
import type { Credentials } from './types.js';

export interface PluginCredentials {
  credentials: Credentials;
  /** Milliseconds since the epoch from `status.expirationTimestamp`; undefined means no expiry. */
  expiresAt: number | undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Shows a short, non-secret value from the output, such as `kind`, for an error message. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Parses `stdout` as an ExecCredential of `apiVersion`. `plugin` is the command, and `label` is the
 * phrase that starts each error message.
 */
export function parseExecCredential(stdout: Buffer, apiVersion: string, plugin: string, label: string): PluginCredentials {
  const fail = (problem: string): never => {
    throw new CredentialPluginError(plugin, `${label} ${problem}`);
  };

  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.toString('utf8'));
  } catch (error) {
    // The parser's message can quote the input, so only the position is kept.
    const position = /position (\d+)/.exec(String(error))?.[1];
    fail(
      `printed invalid JSON on stdout (${stdout.length} bytes${position === undefined ? '' : `, error at position ${position}`}). ` +
        'It must print one ExecCredential object.',
    );
  }
  if (!isObject(parsed)) return fail('printed JSON that is not an object; it must print one ExecCredential object.');
  if (parsed['kind'] !== 'ExecCredential') return fail(`printed kind ${show(parsed['kind'])}, expected "ExecCredential".`);
  if (parsed['apiVersion'] !== apiVersion) {
    return fail(`printed apiVersion ${show(parsed['apiVersion'])}, but the kubeconfig asks for ${JSON.stringify(apiVersion)}.`);
  }

  const status = parsed['status'];
  if (!isObject(status)) return fail('printed an ExecCredential without a status object.');

  const token = optionalString(status, 'token', fail);
  const certificate = optionalString(status, 'clientCertificateData', fail);
  const key = optionalString(status, 'clientKeyData', fail);
  if ((certificate === undefined) !== (key === undefined)) {
    return fail('printed only one of status.clientCertificateData and status.clientKeyData; both are needed.');
  }
  if (token === undefined && certificate === undefined) {
    return fail('printed an ExecCredential whose status has neither a token nor clientCertificateData and clientKeyData.');
  }

  const credentials: Credentials = {};
  if (token !== undefined) credentials.token = token;
  if (certificate !== undefined && key !== undefined) {
    credentials.cert = Buffer.from(certificate, 'utf8');
    credentials.key = Buffer.from(key, 'utf8');
  }
  return { credentials, expiresAt: parseExpiration(status['expirationTimestamp'], fail) };
}

function optionalString(status: JsonObject, key: string, fail: (problem: string) => never): string | undefined {
  const value = status[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return fail(`printed status.${key} of type ${typeof value}; it must be a string.`);
  return value;
}

function parseExpiration(value: unknown, fail: (problem: string) => never): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const time = typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    return fail(`printed status.expirationTimestamp ${show(value)}, which is not an RFC 3339 time such as "2030-01-02T15:04:05Z".`);
  }
  return time;
}
