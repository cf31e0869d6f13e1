/**
 * Starts a sandbox for one test: kubeconfig in a fresh temporary folder, an environment for child
 * processes (KUBECONFIG and a private KUBECACHEDIR), and one stop() that removes everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
