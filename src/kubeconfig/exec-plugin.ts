/**
 * Runs one exec credential plugin (client.authentication.k8s.io v1 or v1beta1) and parses the
 * ExecCredential it prints. The plugin is started from argv without a shell; its stdin is closed
 * because podexec never has a terminal to lend it.
 */
import { spawn } from 'node:child_process';
import { debuglog } from 'node:util';
import { CredentialPluginError } from '../core/errors.js';
import { parseExecCredential, type PluginCredentials } from './exec-credential.js';

const log = debuglog('podexec');

/** Output limits: a real ExecCredential is a few kilobytes, a stderr tail is for the error message. */
const MAX_STDOUT_BYTES = 4 * 1024 * 1024;
const STDERR_TAIL_BYTES = 4096;

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;
export type ExecApiVersion = (typeof EXEC_API_VERSIONS)[number];

/** Cluster description passed in KUBERNETES_EXEC_INFO when `provideClusterInfo` is true. */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  /** Base64 of the CA bundle, as the field is encoded in Kubernetes JSON. */
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  config?: unknown;
}

export interface ExecPluginConfig {
  /** The kubeconfig user the plugin belongs to, for error messages. */
  userName: string;
  command: string;
  args: readonly string[];
  /** Variables from the kubeconfig, applied over `baseEnv`. */
  env: ReadonlyArray<{ name: string; value: string }>;
  baseEnv: NodeJS.ProcessEnv;
  apiVersion: ExecApiVersion;
  installHint: string | undefined;
  cluster: ExecClusterInfo | undefined;
}

/** Runs the plugin once and returns its credentials, or throws CredentialPluginError. */
export function runExecPlugin(config: ExecPluginConfig): Promise<PluginCredentials> {
  const label = `Exec credential plugin ${JSON.stringify(config.command)} of user ${JSON.stringify(config.userName)}`;
  log('running exec credential plugin %s for user %s', config.command, config.userName);

  return new Promise((resolve, reject) => {
    const child = spawn(config.command, [...config.args], {
      env: pluginEnvironment(config),
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });

    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = Buffer.alloc(0);
    let failure: CredentialPluginError | undefined;

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        failure ??= new CredentialPluginError(config.command, `${label} printed more than ${MAX_STDOUT_BYTES} bytes on stdout; an ExecCredential is much smaller.`);
        child.kill('SIGKILL');
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const joined = Buffer.concat([stderrTail, chunk]);
      stderrTail = joined.subarray(Math.max(0, joined.length - STDERR_TAIL_BYTES));
    });

    child.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= spawnFailure(config, label, error);
    });

    child.on('close', (exitCode, signal) => {
      if (failure) return reject(failure);
      if (exitCode !== 0) {
        const how = signal ? `was killed by signal ${signal}` : `failed with exit code ${exitCode}`;
        const stderrText = stderrTail.toString('utf8').trim();
        const detail = stderrText ? `:\n${stderrText}` : ' and wrote nothing to stderr.';
        return reject(new CredentialPluginError(config.command, `${label} ${how}${detail}`));
      }
      try {
        const result = parseExecCredential(Buffer.concat(stdout), config.apiVersion, config.command, label);
        log('exec credential plugin %s returned credentials, expiry %s', config.command, result.expiresAt === undefined ? 'none' : new Date(result.expiresAt).toISOString());
        resolve(result);
      } catch (error) {
        reject(error instanceof CredentialPluginError ? error : new CredentialPluginError(config.command, `${label}: ${String(error)}`));
      }
    });
  });
}

function spawnFailure(config: ExecPluginConfig, label: string, error: NodeJS.ErrnoException): CredentialPluginError {
  if (error.code === 'ENOENT') {
    const hint = config.installHint ?? 'Install it, put it on PATH, or fix exec.command of the user in the kubeconfig.';
    return new CredentialPluginError(config.command, `${label} was not found.\n${hint}`, error);
  }
  if (error.code === 'EACCES') {
    return new CredentialPluginError(config.command, `${label} is not executable (EACCES). Check the file's permissions.`, error);
  }
  return new CredentialPluginError(config.command, `${label} could not be started: ${error.message}`, error);
}

/**
 * Builds the plugin's environment: the caller's environment, then the kubeconfig's `env` entries,
 * then KUBERNETES_EXEC_INFO. kubectl always sets that variable and includes the cluster only with
 * `provideClusterInfo`.
 */
function pluginEnvironment(config: ExecPluginConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...config.baseEnv };
  for (const variable of config.env) env[variable.name] = variable.value;
  const spec: { interactive: boolean; cluster?: ExecClusterInfo } = { interactive: false };
  if (config.cluster) spec.cluster = config.cluster;
  env['KUBERNETES_EXEC_INFO'] = JSON.stringify({ kind: 'ExecCredential', apiVersion: config.apiVersion, spec });
  return env;
}
