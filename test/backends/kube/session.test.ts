/** Session life cycle against the sandbox: v4, lost streams, abort, close and resize. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Backend } from '../../../src/backends/types.js';
import { StdinCloseUnsupportedError, StreamLostError } from '../../../src/core/errors.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { collect, createKubeBackend, run } from './helpers.js';

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata: { name: box, namespace: default }
spec:
  containers: [{ name: main, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata:
  name: dropper
  namespace: default
  annotations: { sandbox.podexec.io/faults: "drop-after-bytes=1000" }
spec:
  containers: [{ name: main, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata:
  name: closer
  namespace: default
  annotations: { sandbox.podexec.io/faults: "close-without-status-after-bytes=1000" }
spec:
  containers: [{ name: main, image: busybox }]
`;

let sandbox: TestSandbox;
let backend: Backend;
let v4: Backend;

before(async () => {
  sandbox = await startTestSandbox(MANIFEST);
  backend = createKubeBackend({ kubeconfig: sandbox.kubeconfigPath });
  v4 = createKubeBackend({ kubeconfig: sandbox.kubeconfigPath, protocols: ['v4.channel.k8s.io'] });
});

after(async () => {
  await backend.close();
  await v4.close();
  await sandbox.stop();
});

test('v4 runs commands without stdin', async () => {
  const result = await run(v4, 'box', ['sh', '-c', 'printf out; printf err >&2; exit 5']);
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 5);
  assert.equal(result.stdout.toString('utf8'), 'out');
  assert.equal(result.stderr.toString('utf8'), 'err');
});

test('v4 large output arrives intact', async () => {
  const result = await run(v4, 'box', ['head', '-c', '3000000', '/dev/zero']);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.length, 3_000_000);
  assert.equal(result.stdout.every((byte) => byte === 0), true);
});

test('v4 stdin end rejects with StdinCloseUnsupportedError', async () => {
  const result = await run(v4, 'box', ['cat'], { stdin: Buffer.from('data') });
  const error = result.error;
  assert.ok(error instanceof StdinCloseUnsupportedError);
  assert.equal(error.code, 'PODEXEC_STDIN_CLOSE_UNSUPPORTED');
  assert.equal(error.protocol, 'v4.channel.k8s.io');
  assert.equal(error.pod, 'box');
  assert.equal(error.container, 'main');
  assert.equal(error.command, 'cat');
  assert.match(error.message, /^The server only speaks v4\.channel\.k8s\.io, which cannot signal end of stdin/);
});

test('drop after 1000 bytes rejects with StreamLostError', async () => {
  // The output outlasts the fault, so the connection drops while the command still writes.
  const result = await run(backend, 'dropper', ['head', '-c', '100000000', '/dev/zero']);
  const error = result.error;
  assert.ok(error instanceof StreamLostError);
  assert.equal(error.code, 'PODEXEC_STREAM_LOST');
  assert.equal(error.pod, 'dropper');
  assert.equal(error.namespace, 'default');
  assert.equal(error.container, 'main');
  assert.equal(error.command, 'head -c 100000000 /dev/zero');
  assert.match(error.message, /^Connection lost before the exit status arrived, in pod dropper \(namespace default\): /);
  // The partial output stays with the caller's streams, which saw every byte that arrived.
  assert.equal(result.stdout.length, 1000);
  assert.equal(result.stdout.every((byte) => byte === 0), true);
  assert.equal(result.exitCode, undefined);
});

test('close without status rejects with StreamLostError', async () => {
  const result = await run(backend, 'closer', ['seq', '1', '100000000']);
  const error = result.error;
  assert.ok(error instanceof StreamLostError);
  assert.equal(error.code, 'PODEXEC_STREAM_LOST');
  assert.match(error.message, /the server closed the connection with code 1000/);
  assert.equal(result.stdout.length, 1000);
  assert.ok(result.stdout.toString('utf8').startsWith('1\n2\n3\n'));
});

test('abort rejects exit with the signal reason', async () => {
  const controller = new AbortController();
  const session = await backend.exec({
    pod: 'box',
    namespace: 'default',
    container: undefined,
    argv: ['sh', '-c', 'echo started; sleep 30'],
    stdin: false,
    tty: false,
    signal: controller.signal,
  });
  const stdout = collect(session.stdout);
  const firstChunk = await new Promise<Buffer>((resolve) => session.stdout.once('data', resolve));
  assert.equal(firstChunk.toString('utf8'), 'started\n');
  const reason = new Error('stop now');
  controller.abort(reason);
  await assert.rejects(session.exit, (error: unknown) => error === reason);
  assert.equal((await stdout).toString('utf8'), 'started\n');
});

test('abort before exec rejects with the reason', async () => {
  const controller = new AbortController();
  const reason = new Error('not needed');
  controller.abort(reason);
  await assert.rejects(
    backend.exec({ pod: 'box', namespace: 'default', container: undefined, argv: ['true'], stdin: false, tty: false, signal: controller.signal }),
    (error: unknown) => error === reason,
  );
});

test('close rejects exit with StreamLostError at once', async () => {
  const session = await backend.exec({
    pod: 'box',
    namespace: 'default',
    container: undefined,
    argv: ['sleep', '30'],
    stdin: false,
    tty: false,
    signal: new AbortController().signal,
  });
  session.close();
  session.close();
  await assert.rejects(session.exit, (error: unknown) => {
    assert.ok(error instanceof StreamLostError);
    assert.match(error.message, /: the client closed the connection\./);
    return true;
  });
});

test('stdin written in many small pieces keeps order', async () => {
  const input = randomBytes(300_000);
  const session = await backend.exec({
    pod: 'box',
    namespace: 'default',
    container: undefined,
    argv: ['cat'],
    stdin: true,
    tty: false,
    signal: new AbortController().signal,
  });
  const stdout = collect(session.stdout);
  const stdin = session.stdin;
  assert.ok(stdin);
  for (let offset = 0; offset < input.length; offset += 1000) stdin.write(input.subarray(offset, offset + 1000));
  stdin.end();
  assert.deepEqual(await session.exit, { exitCode: 0 });
  assert.deepEqual(await stdout, input);
});

test('resize under tty reaches the terminal', async () => {
  const session = await backend.exec({
    pod: 'box',
    namespace: 'default',
    container: undefined,
    argv: ['sh', '-c', 'read line; stty size'],
    stdin: true,
    tty: true,
    signal: new AbortController().signal,
  });
  const stdout = collect(session.stdout);
  session.resize(123, 45);
  // The resize message goes out before this line, so the shell reads its size after the resize.
  session.stdin?.write('go\n');
  assert.deepEqual(await session.exit, { exitCode: 0 });
  assert.match((await stdout).toString('utf8'), /45 123\r\n$/);
});
