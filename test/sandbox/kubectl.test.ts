import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runProcess, type ProcessResult } from '../helpers/process.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import type { TestSandbox } from '../helpers/sandbox.js';

/** Runs the real kubectl against the sandbox; never throws on a non-zero exit. */
function kubectl(t: TestSandbox, args: string[]): Promise<ProcessResult> {
  return runProcess('kubectl', args, t.env);
}

/** First column of every row below the header. */
function names(output: string): string[] {
  return output
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[0] as string);
}

describe('kubectl against the sandbox', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox();
  });
  after(async () => {
    await t.stop();
  });

  test('kubectl version shows server version', async () => {
    const result = await kubectl(t, ['version']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^Server Version: v1\.31\.0$/m);
  });

  test('get pods in a namespace', async () => {
    const result = await kubectl(t, ['get', 'pods', '-n', 'default']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    assert.deepEqual(names(result.stdout), ['migrate-once', 'toolbox', 'web-with-sidecar']);
    assert.match(result.stdout, /^migrate-once\s+0\/1\s+Completed\s+0\s+\d+s$/m);
    assert.match(result.stdout, /^web-with-sidecar\s+2\/2\s+Running\s+0\s+\d+s$/m);
  });

  test('get pods by label', async () => {
    const result = await kubectl(t, ['get', 'pods', '-n', 'shop', '-l', 'app=frontend']);
    assert.equal(result.exitCode, 0, result.stderr);
    const pods = names(result.stdout);
    assert.equal(pods.length, 3);
    for (const pod of pods) assert.match(pod, /^frontend-[a-z0-9]{10}-[a-z0-9]{5}$/);

    const none = await kubectl(t, ['get', 'pods', '-n', 'default', '-l', 'app=frontend']);
    assert.equal(none.exitCode, 0);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /No resources found in default namespace\./);
  });

  test('get deploy and sts', async () => {
    const result = await kubectl(t, ['get', 'deploy,sts', '-n', 'shop']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^deployment\.apps\/frontend\s+3\/3\s+3\s+3\s+\d+s$/m);
    assert.match(result.stdout, /^statefulset\.apps\/db\s+2\/2\s+\d+s$/m);
  });

  test('get all includes workloads', async () => {
    const result = await kubectl(t, ['get', 'all', '-n', 'shop', '-o', 'name']);
    assert.equal(result.exitCode, 0, result.stderr);
    const kinds = new Set(result.stdout.trim().split('\n').map((line) => line.split('/')[0]));
    assert.deepEqual([...kinds].sort(), ['deployment.apps', 'pod', 'replicaset.apps', 'statefulset.apps']);
  });

  test('get missing pod fails like a cluster', async () => {
    const result = await kubectl(t, ['get', 'pod', 'nope']);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr.trim(), 'Error from server (NotFound): pods "nope" not found');
  });

  test('get pod as JSON', async () => {
    const result = await kubectl(t, ['get', 'pod', 'toolbox', '-o', 'json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const pod = JSON.parse(result.stdout) as { kind: string; metadata: { name: string }; spec: { containers: Array<{ env: unknown }> } };
    assert.equal(pod.kind, 'Pod');
    assert.equal(pod.metadata.name, 'toolbox');
    assert.deepEqual(pod.spec.containers[0]?.env, [{ name: 'GREETING', value: 'hello from the sandbox' }]);
  });

  test('exec deploy runs in one of its pods', async () => {
    const pods = names((await kubectl(t, ['get', 'pods', '-n', 'shop', '-l', 'app=frontend'])).stdout);
    const result = await kubectl(t, ['exec', '-n', 'shop', 'deploy/frontend', '--', 'hostname']);
    assert.equal(result.exitCode, 0, result.stderr);
    const hostname = result.stdout.trim();
    if (t.sandbox.runtime.mode === 'namespaces') assert.ok(pods.includes(hostname), `${hostname} not in ${pods.join(', ')}`);
    else assert.notEqual(hostname, '');
  });

  test('exec sees pod environment', async () => {
    const port = new URL(t.sandbox.url).port;
    const result = await kubectl(t, ['exec', 'toolbox', '--', 'sh', '-c', 'echo "$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT $HOSTNAME $GREETING"']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, `127.0.0.1:${port} toolbox hello from the sandbox\n`);
  });

  test('exec in default container uses its workingDir', async () => {
    const result = await kubectl(t, ['exec', 'web-with-sidecar', '--', 'pwd']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, '/tmp\n');
  });

  test('exec into completed pod is refused', async () => {
    const result = await kubectl(t, ['exec', 'migrate-once', '--', 'true']);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /cannot exec into a container in a completed pod; current phase is Succeeded/);
  });
});
