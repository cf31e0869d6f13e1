/** Temp folders with kubeconfig files and plugin scripts for the kubeconfig loader tests. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { stringify } from 'yaml';

/** Creates a temp folder that is removed when the test ends. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podexec-kubeconfig-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` (a string, or an object rendered as YAML) to `dir/name`, creating folders. */
export async function writeConfig(dir: string, name: string, content: string | object): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

/** Writes an executable script. */
export async function writeScript(dir: string, name: string, body: string): Promise<string> {
  const file = await writeConfig(dir, name, body);
  await chmod(file, 0o755);
  return file;
}

export interface SimpleConfig {
  server?: string;
  cluster?: Record<string, unknown>;
  user?: Record<string, unknown>;
  namespace?: string;
  currentContext?: string | null;
  name?: string;
}

/** Builds a kubeconfig object with one cluster, user and context, all called `name` (default `main`). */
export function simpleConfig(options: SimpleConfig = {}): Record<string, unknown> {
  const name = options.name ?? 'main';
  const context: Record<string, unknown> = { cluster: name, user: name };
  if (options.namespace !== undefined) context['namespace'] = options.namespace;
  const config: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: options.cluster ?? { server: options.server ?? 'https://127.0.0.1:6443' } }],
    users: [{ name, user: options.user ?? { token: `token-${name}` } }],
    contexts: [{ name, context }],
  };
  if (options.currentContext !== null) config['current-context'] = options.currentContext ?? name;
  return config;
}

/** Returns an environment with PATH and `extra` only, so no real kubeconfig or cluster leaks in. */
export function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], ...extra };
}
