/**
 * The kubectl backend driven directly against a sandbox with the real kubectl: what the contract
 * suite does not reach through Exec, such as TTY sessions, close(), abort and binary selection.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { KubectlBackend } from '../../../src/backends/kubectl/index.js';
import type { ExecRequest, ExecSession } from '../../../src/backends/types.js';
import { BackendUnavailableError, KubeconfigError, StreamLostError, UpgradeFailedError } from '../../../src/core/errors.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata:
  name: box
  namespace: default
spec:
  containers:
    - name: main
      image: busybox:1.36
---
apiVersion: v1
kind: Pod
metadata:
  name: pair
  namespace: default
spec:
  containers:
    - name: first
      image: busybox:1.36
    - name: second
      image: busybox:1.36
`;

/** kubectl 1.29, which streams exec over SPDY; present on machines with the bundled kubectl set. */
const KUBECTL_1_29 = '/usr/lib/google-cloud-sdk/bin/kubectl.1.29';

let sandbox: TestSandbox;
let backend: KubectlBackend;

before(async () => {
  sandbox = await startTestSandbox(MANIFESTS);
  backend = new KubectlBackend({ kubeconfig: sandbox.kubeconfigPath, env: sandbox.env });
});

after(async () => {
  await backend?.close();
  await sandbox?.stop();
});

function request(overrides: Partial<ExecRequest>): ExecRequest {
  return { pod: 'box', namespace: 'default', container: undefined, argv: ['true'], stdin: false, tty: false, signal: new AbortController().signal, ...overrides };
}

/** Collects both output streams and the exit of a session. */
async function collect(session: ExecSession): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  session.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  session.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const { exitCode } = await session.exit;
  return { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode };
}

test('tty session gets a terminal', async () => {
  const session = await backend.exec(request({ argv: ['sh', '-c', 'test -t 0 && echo terminal; echo err >&2; exit 4'], tty: true }));
  session.stdin?.end();
  const output = await collect(session);
  assert.equal(output.stdout, 'terminal\r\nerr\r\n');
  assert.equal(output.stderr, '');
  assert.equal(output.exitCode, 4);
});

test('tty stdin is echoed once, remotely', async () => {
  const session = await backend.exec(request({ argv: ['sh', '-c', 'read line; echo "got $line"'], tty: true }));
  session.stdin?.end('abc\n');
  const output = await collect(session);
  // The remote terminal echoes the line; a local echo would show it twice.
  assert.equal(output.stdout, 'abc\r\ngot abc\r\n');
  assert.equal(output.exitCode, 0);
});

test('first container chosen with a note', async () => {
  const session = await backend.exec(request({ pod: 'pair', argv: ['hostname'] }));
  const output = await collect(session);
  assert.equal(output.exitCode, 0);
  assert.equal(output.stderr, '');
  assert.equal(session.container, 'first');
  assert.deepEqual(session.diagnostics, [
    'Container "first" chosen as the pod\'s first container; the pod has: first, second. Pass a container to choose another.',
  ]);
});

test('close stops kubectl', async () => {
  const session = await backend.exec(request({ argv: ['sleep', '60'] }));
  session.close();
  const error = await session.exit.then(() => assert.fail('expected a rejection'), (caught: unknown) => caught);
  assert.ok(error instanceof StreamLostError);
  assert.equal(error.code, 'PODEXEC_STREAM_LOST');
  assert.match(error.message, /the session was closed before the command ended/);
  assert.equal(error.pod, 'box');
});

test('abort rejects with the reason', async () => {
  const controller = new AbortController();
  const session = await backend.exec(request({ argv: ['sleep', '60'], signal: controller.signal }));
  const reason = new Error('stop now');
  controller.abort(reason);
  await assert.rejects(session.exit, (error) => error === reason);
});

test('stdin end closes the command input', async () => {
  const session = await backend.exec(request({ argv: ['sh', '-c', 'wc -c'], stdin: true }));
  session.stdin?.end(Buffer.alloc(100_000, 0x61));
  const output = await collect(session);
  assert.equal(output.stdout.trim(), '100000');
  assert.equal(output.exitCode, 0);
});

test('default namespace from the context', async () => {
  assert.equal(await backend.defaultNamespace(), 'default');
  const withNamespace = sandbox.sandbox.kubeconfig.replace(/namespace: default/, 'namespace: shop');
  assert.notEqual(withNamespace, sandbox.sandbox.kubeconfig);
  const file = path.join(sandbox.dir, 'shop-kubeconfig');
  await writeFile(file, withNamespace);
  assert.equal(await new KubectlBackend({ kubeconfig: file, env: sandbox.env }).defaultNamespace(), 'shop');
  assert.equal(await new KubectlBackend({ kubeconfig: file, namespace: 'given', env: sandbox.env }).defaultNamespace(), 'given');
});

test('missing context is a KubeconfigError', async () => {
  const missing = new KubectlBackend({ kubeconfig: sandbox.kubeconfigPath, context: 'nope', env: sandbox.env });
  const error = await missing.defaultNamespace().catch((caught: unknown) => caught);
  assert.ok(error instanceof KubeconfigError);
  assert.equal(error.code, 'PODEXEC_KUBECONFIG_INVALID');
  assert.equal(error.message, 'kubectl could not read the kubeconfig context: error: cannot locate context nope');
  assert.equal(error.file, sandbox.kubeconfigPath);
});

test('missing PODEXEC_KUBECTL binary', async () => {
  const broken = new KubectlBackend({ kubeconfig: sandbox.kubeconfigPath, env: { ...sandbox.env, PODEXEC_KUBECTL: '/nonexistent/kubectl' } });
  const error = await broken.exec(request({})).catch((caught: unknown) => caught);
  assert.ok(error instanceof BackendUnavailableError);
  assert.equal(error.code, 'PODEXEC_BACKEND_UNAVAILABLE');
  assert.deepEqual(error.searched, ['PODEXEC_KUBECTL=/nonexistent/kubectl (not found)']);
  assert.match(error.message, /Looked at: PODEXEC_KUBECTL=\/nonexistent\/kubectl \(not found\)\./);
});

test('kubectl 1.29 is noted as SPDY', { skip: existsSync(KUBECTL_1_29) ? false : `${KUBECTL_1_29} is not installed` }, async () => {
  const old = new KubectlBackend({ kubeconfig: sandbox.kubeconfigPath, kubectlPath: KUBECTL_1_29, env: sandbox.env });
  const session = await old.exec(request({ container: 'main', argv: ['echo', 'hi'] }));
  assert.match(session.diagnostics[0] ?? '', /^kubectl v1\.29\.\d+ streams exec over SPDY/);
  // The sandbox serves WebSocket exec only, so the SPDY upgrade fails with an empty Status.
  const error = await session.exit.then(() => assert.fail('expected a rejection'), (caught: unknown) => caught);
  assert.ok(error instanceof UpgradeFailedError);
  assert.equal(error.code, 'PODEXEC_UPGRADE_FAILED');
});
