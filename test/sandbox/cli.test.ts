import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { runProcess, type ProcessResult } from '../helpers/process.js';

const buildRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mainScript = join(buildRoot, 'src', 'cli', 'main.js');

function runCli(args: string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, [mainScript, 'sandbox', ...args]);
}

function runKubectl(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return runProcess('kubectl', args, env);
}

async function processesWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if ((await readFile(`/proc/${entry}/cmdline`, 'utf8')).includes(marker)) found.push(Number(entry));
    } catch {
      // The process ended between readdir and readFile.
    }
  }
  return found;
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`gave up waiting: ${what}`);
}

describe('podexec sandbox command', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podexec-cli-sandbox-test-'));
  });
  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  test('serves until SIGTERM, then exits 0', async () => {
    const manifest = join(dir, 'pod.yaml');
    await writeFile(manifest, 'apiVersion: v1\nkind: Pod\nmetadata: { name: cli-pod }\nspec: { containers: [{ name: main, image: busybox }] }\n');
    const kubeconfig = join(dir, 'cli.kubeconfig');
    const child = spawn(process.execPath, [mainScript, 'sandbox', '--manifests', manifest, '--kubeconfig-out', kubeconfig, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await waitFor(() => stderr.includes('Press Ctrl-C to stop.'), 'sandbox started');
    assert.match(stderr, /^podexec sandbox: serving https:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(stderr, /^ {2}runtime: {4}(namespaces|plain)$/m);
    assert.ok(stderr.includes(`  kubeconfig: ${kubeconfig}\n`), stderr);
    assert.ok(stderr.includes(`  export KUBECONFIG=${kubeconfig}\n`), stderr);
    const config = parse(await readFile(kubeconfig, 'utf8')) as { users: Array<{ user: { token: string } }> };
    const token = config.users[0]?.user.token as string;
    assert.ok(token.length >= 40);
    assert.ok(!stderr.includes(token), 'stderr shows the token');

    const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'kube-cache') };
    const pods = await runKubectl(['get', 'pods', '-o', 'name'], env);
    assert.equal(pods.exitCode, 0, pods.stderr);
    assert.equal(pods.stdout, 'pod/cli-pod\n');

    const marker = `podexec-cli-marker-${randomBytes(6).toString('hex')}`;
    const client = spawn('kubectl', ['exec', 'cli-pod', '--', 'sh', '-c', `: ${marker}; sleep 300`], { env, stdio: 'ignore' });
    children.push(client);
    await waitFor(async () => (await processesWith(`: ${marker}`)).length > 0, 'exec process started');

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(stderr, /SIGTERM received, stopping every pod/);
    await waitFor(async () => (await processesWith(marker)).filter((pid) => pid !== client.pid).length === 0, 'exec process gone');
  });

  test('unknown flag exits 2', async () => {
    const result = await runCli(['--bogus']);
    assert.equal(result.exitCode, 2);
    assert.equal(
      result.stderr,
      'podexec sandbox: Invalid option "--bogus": expected a flag listed by podexec sandbox --help, received the string "--bogus".\n' +
        'Run podexec sandbox --help for the flags.\n',
    );
  });

  test('bad port and runtime exit 2', async () => {
    const port = await runCli(['--port', 'http']);
    assert.equal(port.exitCode, 2);
    assert.match(port.stderr, /^podexec sandbox: Invalid option "--port": expected an integer from 0 to 65535, received the string "http"\.\n/);
    const runtime = await runCli(['--runtime=vm']);
    assert.equal(runtime.exitCode, 2);
    assert.match(runtime.stderr, /^podexec sandbox: Invalid option "--runtime": expected auto, namespaces or plain, received the string "vm"\.\n/);
    const missing = await runCli(['--manifests']);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /^podexec sandbox: Invalid option "--manifests": expected a value after the flag, received undefined\.\n/);
  });

  test('invalid manifest exits 125', async () => {
    const manifest = join(dir, 'bad.yaml');
    await writeFile(manifest, 'apiVersion: v1\nkind: Secret\nmetadata: { name: s }\n');
    const result = await runCli(['--manifests', manifest, '--kubeconfig-out', join(dir, 'unused.kubeconfig')]);
    assert.equal(result.exitCode, 125);
    assert.equal(
      result.stderr,
      `podexec sandbox: Invalid sandbox manifest (${manifest}, document 0, field kind): unsupported kind "Secret"; ` +
        'the sandbox serves Namespace, Pod, Deployment, StatefulSet, Job and List\n',
    );
    assert.equal(existsSync(join(dir, 'unused.kubeconfig')), false);
  });

  test('help prints usage', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /^Usage: podexec sandbox /);
    assert.match(result.stdout, /--kubeconfig-out FILE {2}where to write the kubeconfig \(default: \.\/podexec-sandbox\.kubeconfig\)/);
  });
});
