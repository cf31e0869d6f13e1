import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { startSandbox } from '../../src/sandbox/index.js';
import { runProcess } from '../helpers/process.js';
import { sandboxRequest, startTestSandbox } from '../helpers/sandbox.js';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: { name: worker }\nspec: { containers: [{ name: main, image: busybox }] }\n';

/** PIDs of host processes whose command line contains `marker`. */
async function processesWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker)) found.push(Number(entry));
    } catch {
      // The process ended between readdir and readFile.
    }
  }
  return found;
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`gave up waiting: ${what}`);
}

describe('sandbox lifecycle', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podexec-lifecycle-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('two sandboxes run in parallel', async () => {
    const [a, b] = await Promise.all([startTestSandbox(POD), startTestSandbox(POD)]);
    try {
      assert.notEqual(a.sandbox.url, b.sandbox.url);
      assert.notEqual(a.sandbox.token, b.sandbox.token);
      assert.notEqual(a.sandbox.caPem, b.sandbox.caPem);
      assert.equal((await sandboxRequest(a.sandbox, '/api/v1/namespaces/default/pods/worker')).status, 200);
      assert.equal((await sandboxRequest(b.sandbox, '/api/v1/namespaces/default/pods/worker')).status, 200);
      const crossed = await sandboxRequest({ ...a.sandbox, token: b.sandbox.token }, '/version');
      assert.equal(crossed.status, 401);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('kubeconfig file is complete YAML', async () => {
    const path = join(dir, 'kubeconfig-complete');
    const sandbox = await startSandbox({ manifestText: POD, kubeconfigOut: path });
    try {
      assert.equal(sandbox.kubeconfigPath, path);
      const text = await readFile(path, 'utf8');
      assert.equal(text, sandbox.kubeconfig);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('kubeconfig-complete')), ['kubeconfig-complete']);

      const config = parse(text) as {
        clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data': string } }>;
        users: Array<{ name: string; user: { token: string } }>;
        contexts: Array<{ name: string; context: { cluster: string; user: string; namespace: string } }>;
        'current-context': string;
      };
      assert.equal(config['current-context'], 'podexec-sandbox');
      assert.deepEqual(config.contexts, [{ name: 'podexec-sandbox', context: { cluster: 'podexec-sandbox', user: 'podexec-sandbox', namespace: 'default' } }]);
      assert.equal(config.clusters[0]?.cluster.server, sandbox.url);
      assert.equal(Buffer.from(config.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString(), sandbox.caPem);
      assert.equal(config.users[0]?.user.token, sandbox.token);
      assert.match(sandbox.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await sandbox.stop();
    }
  });

  test('kubeconfig replaces an existing file', async () => {
    const path = join(dir, 'kubeconfig-replaced');
    const first = await startSandbox({ manifestText: POD, kubeconfigOut: path });
    await first.stop();
    const second = await startSandbox({ manifestText: POD, kubeconfigOut: path });
    try {
      assert.equal(await readFile(path, 'utf8'), second.kubeconfig);
    } finally {
      await second.stop();
    }
  });

  test('invalid options are rejected', async () => {
    await assert.rejects(startSandbox({ port: 70000 }), {
      name: 'InvalidOptionError',
      code: 'PODEXEC_INVALID_OPTION',
      option: 'port',
      message: 'Invalid option "port": expected an integer from 0 to 65535, received number 70000. Use 0 to pick a free port.',
    });
    await assert.rejects(startSandbox({ runtimeMode: 'vm' as 'plain' }), {
      name: 'InvalidOptionError',
      option: 'runtimeMode',
      message: 'Invalid option "runtimeMode": expected one of auto, namespaces, plain, received the string "vm".',
    });
  });

  test('stop leaves no processes', async () => {
    const t = await startTestSandbox(POD);
    const marker = `podexec-marker-${randomBytes(6).toString('hex')}`;
    const client = spawn('kubectl', ['exec', 'worker', '--', 'sh', '-c', `: ${marker}; sleep 300`], { env: t.env, stdio: 'ignore' });
    const clientExit = new Promise<number | null>((resolve) => client.on('exit', (code) => resolve(code)));
    try {
      await waitFor(async () => (await processesWith(`: ${marker}`)).length > 0, 'exec process started');
      await t.stop();
      await waitFor(async () => (await processesWith(marker)).filter((pid) => pid !== client.pid).length === 0, 'exec process gone');
      assert.deepEqual((await processesWith(marker)).filter((pid) => pid !== client.pid), []);
      assert.notEqual(await clientExit, 0);
    } finally {
      client.kill('SIGKILL');
      await t.stop();
    }
  });

  test('second stop is harmless', async () => {
    const t = await startTestSandbox(POD);
    await t.stop();
    await t.sandbox.stop();
    await assert.rejects(sandboxRequest(t.sandbox, '/version'), { code: 'ECONNREFUSED' });
  });
});

describe('other clients', () => {
  test('client-node lists pods', async () => {
    const t = await startTestSandbox(POD);
    try {
      const { KubeConfig, CoreV1Api } = await import('@kubernetes/client-node');
      const config = new KubeConfig();
      config.loadFromFile(t.kubeconfigPath);
      const api = config.makeApiClient(CoreV1Api);
      const list = await api.listNamespacedPod({ namespace: 'default' });
      assert.deepEqual(list.items.map((pod) => pod.metadata?.name), ['worker']);
      const pod = await api.readNamespacedPod({ name: 'worker', namespace: 'default' });
      assert.equal(pod.status?.phase, 'Running');
    } finally {
      await t.stop();
    }
  });

  test('python kubernetes client lists pods', async () => {
    const python = '/usr/bin/python3';
    const probe = await run(python, ['-c', 'import kubernetes'], process.env);
    assert.equal(probe.exitCode, 0, `Debian's python3-kubernetes is not importable: ${probe.stderr.trim()}`);
    const t = await startTestSandbox(POD);
    try {
      const script =
        'from kubernetes import client, config\n' +
        'config.load_kube_config()\n' +
        'pods = client.CoreV1Api().list_namespaced_pod("default")\n' +
        'print(",".join(p.metadata.name + ":" + p.status.phase for p in pods.items))\n';
      const result = await run(python, ['-c', script], t.env);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(result.stdout, 'worker:Running\n');
    } finally {
      await t.stop();
    }
  });
});

const run = runProcess;
