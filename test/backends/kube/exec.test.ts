/** Output, stdin and exit codes of the kube backend against the sandbox, checked byte for byte. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Backend } from '../../../src/backends/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { createKubeBackend, run, sha256 } from './helpers.js';

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata:
  name: box
  namespace: default
spec:
  containers:
    - name: main
      image: busybox:1.36
`;

let sandbox: TestSandbox;
let backend: Backend;

before(async () => {
  sandbox = await startTestSandbox(MANIFEST);
  backend = createKubeBackend({ kubeconfig: sandbox.kubeconfigPath });
});

after(async () => {
  await backend.close();
  await sandbox.stop();
});

test('echo prints hi and exits 0', async () => {
  const result = await run(backend, 'box', ['echo', 'hi']);
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.toString('utf8'), 'hi\n');
  assert.equal(result.stderr.length, 0);
  assert.equal(result.session.container, 'main');
  assert.deepEqual(result.session.diagnostics, []);
});

test('stdout, stderr and exit code 3', async () => {
  const result = await run(backend, 'box', ['sh', '-c', 'printf out; printf err >&2; exit 3']);
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 3);
  assert.equal(result.stdout.toString('utf8'), 'out');
  assert.equal(result.stderr.toString('utf8'), 'err');
});

test('process killed by SIGKILL exits 137', async () => {
  const result = await run(backend, 'box', ['sh', '-c', 'kill -9 $$']);
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 137);
});

test('1 MiB of random stdin arrives intact', async () => {
  const input = randomBytes(1024 * 1024);
  const result = await run(backend, 'box', ['sha256sum'], { stdin: input });
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.toString('utf8'), `${sha256(input)}  -\n`);
});

test('stdin of 1 MiB echoed back by cat', async () => {
  const input = randomBytes(1024 * 1024 + 17);
  const result = await run(backend, 'box', ['cat'], { stdin: input });
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.length, input.length);
  assert.equal(sha256(result.stdout), sha256(input));
});

test('empty stdin ends the command', async () => {
  const result = await run(backend, 'box', ['wc', '-c'], { stdin: Buffer.alloc(0) });
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.toString('utf8').trim(), '0');
});

test('10 MB of zeros, 20 runs in a row', async () => {
  const expected = sha256(Buffer.alloc(10_000_000));
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = await run(backend, 'box', ['head', '-c', '10000000', '/dev/zero']);
    assert.equal(result.error, undefined, `run ${attempt}`);
    assert.equal(result.exitCode, 0, `run ${attempt}`);
    assert.equal(result.stdout.length, 10_000_000, `run ${attempt}`);
    assert.equal(sha256(result.stdout), expected, `run ${attempt}`);
  }
});

test('seq 1 2000000 arrives complete', async () => {
  const result = await run(backend, 'box', ['seq', '1', '2000000']);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.length, 14_888_896);
  assert.equal(result.stdout.subarray(-8).toString('utf8'), '2000000\n');
  let expected = '';
  for (let n = 1; n <= 2_000_000; n++) expected += `${n}\n`;
  assert.equal(sha256(result.stdout), sha256(Buffer.from(expected)));
});

test('multi-byte character across a 4 KiB boundary', async () => {
  const result = await run(backend, 'box', ['sh', '-c', "head -c 4095 /dev/zero | tr '\\0' a; printf '\\342\\202\\254'"]);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.length, 4098);
  const text = result.stdout.toString('utf8');
  assert.equal(text, `${'a'.repeat(4095)}€`);
  assert.equal(text.includes('\uFFFD'), false);
});

test('all 256 byte values round trip through cat', async () => {
  const input = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
  const result = await run(backend, 'box', ['cat'], { stdin: input });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.stdout, input);
});

test('argument with spaces and symbols reaches the command unchanged', async () => {
  const argument = 'a b+c&d=e%20f "g" \'h\' ü €';
  const result = await run(backend, 'box', ['printf', '%s', argument]);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.toString('utf8'), argument);
});

test('tty merges output into stdout', async () => {
  const result = await run(backend, 'box', ['sh', '-c', 'echo out; echo err >&2'], { tty: true });
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.toString('utf8'), 'out\r\nerr\r\n');
  assert.equal(result.stderr.length, 0);
});
