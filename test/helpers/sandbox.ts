/**
 * Starts a sandbox for one test: kubeconfig in a fresh temporary folder, an environment for child
 * processes (KUBECONFIG and a private KUBECACHEDIR), and one stop() that removes everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';

export interface TestSandbox {
  sandbox: Sandbox;
  kubeconfigPath: string;
  /** A copy of process.env with KUBECONFIG and KUBECACHEDIR pointing into `dir`. */
  env: NodeJS.ProcessEnv;
  /** Temporary folder of this sandbox; removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

/**
 * Starts a sandbox serving `yaml`, or the demo objects when `yaml` is undefined. Other options are
 * passed to startSandbox, except `kubeconfigOut`, which always points into the temporary folder.
 */
export async function startTestSandbox(yaml?: string, options: SandboxOptions = {}): Promise<TestSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'podexec-sandbox-test-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const sandboxOptions: SandboxOptions = { stateDir: join(dir, 'state'), ...options, kubeconfigOut: kubeconfigPath };
  if (yaml !== undefined) sandboxOptions.manifestText = yaml;

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(sandboxOptions);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'kube-cache') };
  let stopping: Promise<void> | undefined;
  return {
    sandbox,
    kubeconfigPath,
    env,
    dir,
    stop() {
      stopping ??= (async () => {
        try {
          await sandbox.stop();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}

export interface SandboxResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface SandboxRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Bearer token to send; defaults to the sandbox's own, `null` sends no Authorization header. */
  token?: string | null;
}

/** Sends one HTTPS request to the sandbox, trusting its CA, and collects the response body. */
export function sandboxRequest(sandbox: Sandbox, path: string, options: SandboxRequestOptions = {}): Promise<SandboxResponse> {
  const url = new URL(path, sandbox.url);
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? sandbox.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: options.method ?? 'GET', headers, ca: sandbox.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
