import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { internalErrorStatus, successStatus } from '../../../src/protocol/index.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { runChild } from './child.js';
import { openExec } from './ws-client.js';
import type { ExecTranscript } from './ws-client.js';

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata:
  name: flaky
  annotations:
    sandbox.podexec.io/faults: "drop-after-bytes=1000"
spec:
  containers:
    - name: main
      image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: slim
  annotations:
    sandbox.podexec.io/missing-tools: "tar"
spec:
  containers:
    - name: main
      image: distroless
---
apiVersion: v1
kind: Pod
metadata:
  name: throttled-api
  annotations:
    sandbox.podexec.io/faults: "upgrade-status=429,upgrade-failures=1,retry-after-seconds=2"
spec:
  containers:
    - name: main
      image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: cut
  annotations:
    sandbox.podexec.io/faults: "close-without-status-after-bytes=10"
spec:
  containers:
    - name: main
      image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: finished
spec:
  restartPolicy: Never
  containers:
    - name: job
      image: busybox
status:
  phase: Succeeded
---
apiVersion: v1
kind: Pod
metadata:
  name: pair
  annotations:
    kubectl.kubernetes.io/default-container: web
spec:
  initContainers:
    - name: setup
      image: busybox
  containers:
    - name: shipper
      image: busybox
    - name: web
      image: busybox
`;

describe('exec endpoint inside the sandbox', () => {
  let sandbox: TestSandbox;

  before(async () => {
    sandbox = await startTestSandbox(MANIFESTS);
  });
  after(async () => {
    await sandbox.stop();
  });

  /** Runs an exec over TLS with the sandbox's token, as a raw v5 client. */
  async function runRaw(pod: string, argv: string[], flags: Record<string, string> = { stdout: 'true', stderr: 'true' }): Promise<ExecTranscript> {
    const query = new URLSearchParams([...argv.map((arg): [string, string] => ['command', arg]), ...Object.entries(flags)]);
    const url = `${sandbox.sandbox.url.replace('https://', 'wss://')}/api/v1/namespaces/default/pods/${pod}/exec?${query}`;
    const { transcript } = await openExec(url, ['v5.channel.k8s.io'], {
      ca: sandbox.sandbox.caPem,
      headers: { Authorization: `Bearer ${sandbox.sandbox.token}` },
    });
    return transcript;
  }

  test('fault annotation from manifest', async () => {
    const run = await runRaw('flaky', ['head', '-c', '50000', '/dev/zero']);
    assert.equal(run.stdout.length, 1000);
    assert.equal(run.status, undefined);
    assert.equal(run.closeCode, 1006);
  });

  test('missing tool gives InternalError', async () => {
    const run = await runRaw('slim', ['tar', '--version']);
    assert.equal(run.stdout.length, 0);
    assert.equal(run.status?.reason, 'InternalError');
    assert.equal(run.status?.code, 500);
    assert.match(run.status?.message ?? '', /^Internal error occurred: .*executable file not found in \$PATH/);
  });

  test('tool not listed still runs', async () => {
    const run = await runRaw('slim', ['echo', 'present']);
    assert.equal(run.stdout.toString(), 'present\n');
    assert.deepEqual(run.status, successStatus());
  });

  test('completed pod reports container not found', async () => {
    const run = await runRaw('finished', ['true']);
    assert.deepEqual(run.status, internalErrorStatus('unable to upgrade connection: container not found ("job")'));
    assert.equal(run.closeCode, 1000);
  });

  test('kubectl refuses completed pod itself', async () => {
    const result = await runChild('kubectl', ['exec', 'finished', '--', 'true'], sandbox.env);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr.toString(), /cannot exec into a container in a completed pod; current phase is Succeeded/);
  });

  test('kubectl applies default container', async () => {
    const result = await runChild('kubectl', ['exec', 'pair', '--', 'echo', 'from-web'], sandbox.env);
    assert.equal(result.stdout.toString(), 'from-web\n');
    assert.equal(result.exitCode, 0);
  });

  test('kubectl shows invalid container', async () => {
    const result = await runChild('kubectl', ['exec', 'pair', '-c', 'nope', '--', 'true'], sandbox.env);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr.toString(), 'Error from server (BadRequest): container nope is not valid for pod pair\n');
  });

  test('kubectl shows injected upgrade status', async () => {
    // kubectl retries the failed WebSocket upgrade over SPDY, which gets the same status.
    const failed = await runChild('kubectl', ['exec', 'throttled-api', '--', 'echo', 'ok'], sandbox.env);
    assert.equal(failed.exitCode, 1);
    assert.equal(
      failed.stderr.toString(),
      'Error from server (TooManyRequests): upgrade attempt 1 of 1 to pod default/throttled-api failed with HTTP 429 by fault injection (sandbox.podexec.io/faults)\n',
    );

    const retried = await runChild('kubectl', ['exec', 'throttled-api', '--', 'echo', 'ok'], sandbox.env);
    assert.equal(retried.stdout.toString(), 'ok\n');
    assert.equal(retried.exitCode, 0);
  });

  test('kubectl takes close without status as success', async () => {
    // Recorded with kubectl 1.31, the version the kubectl dispatcher picks for this sandbox: a clean
    // close without a status exits 0 with partial output, so kubectl cannot see this lost stream.
    const result = await runChild('kubectl', ['exec', 'cut', '--', 'seq', '100'], sandbox.env);
    assert.equal(result.stdout.toString(), '1\n2\n3\n4\n5\n');
    assert.equal(result.exitCode, 0);
  });

  test('kubectl reports dropped connection', async () => {
    const result = await runChild('kubectl', ['exec', 'flaky', '--', 'head', '-c', '50000', '/dev/zero'], sandbox.env);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stdout.length, 1000);
    assert.match(result.stderr.toString(), /close 1006 \(abnormal closure\)/);
  });
});
