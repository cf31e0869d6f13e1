import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestSandbox } from '../../helpers/sandbox.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { runChild } from './child.js';
import { sha256 } from './ws-client.js';

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata:
  name: shell
spec:
  containers:
    - name: main
      image: busybox
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: server
          image: busybox
`;

/** Builds the first `length` bytes of what `seq 1 1000000` prints. */
function seqOutput(length: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 1; size < length; i += 1) {
    const line = `${i}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, length);
}

describe('kubectl against the sandbox', () => {
  let sandbox: TestSandbox;

  before(async () => {
    sandbox = await startTestSandbox(MANIFESTS);
  });
  after(async () => {
    await sandbox.stop();
  });

  function kubectl(args: string[], input?: Buffer) {
    return runChild('kubectl', args, sandbox.env, input);
  }

  test('echo prints stdout', async () => {
    const result = await kubectl(['exec', 'shell', '--', 'echo', 'hi']);
    assert.equal(result.stderr.toString(), '');
    assert.equal(result.stdout.toString(), 'hi\n');
    assert.equal(result.exitCode, 0);
  });

  test('exit code and stderr pass through', async () => {
    const result = await kubectl(['exec', 'shell', '--', 'sh', '-c', 'echo err >&2; exit 3']);
    assert.equal(result.exitCode, 3);
    assert.equal(result.stdout.length, 0);
    assert.equal(result.stderr.toString(), 'err\ncommand terminated with exit code 3\n');
  });

  test('stdin reaches cat', async () => {
    const result = await kubectl(['exec', '-i', 'shell', '--', 'cat'], Buffer.from('data\n'));
    assert.equal(result.stdout.toString(), 'data\n');
    assert.equal(result.exitCode, 0);
  });

  test('5,000,000 bytes of stdout exact', async () => {
    const expected = seqOutput(5_000_000);
    const result = await kubectl(['exec', 'shell', '--', 'sh', '-c', 'seq 1 1000000 | head -c 5000000']);
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout.length, 5_000_000);
    assert.equal(sha256(result.stdout), sha256(expected));
  });

  test('5,000,000 bytes through stdin exact', async () => {
    const input = randomBytes(5_000_000);
    const result = await kubectl(['exec', '-i', 'shell', '--', 'cat'], input);
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout.length, input.length);
    assert.equal(sha256(result.stdout), sha256(input));
  });

  test('missing executable reported', async () => {
    const result = await kubectl(['exec', 'shell', '--', 'no-such-command']);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr.toString(), /^error: Internal error occurred: .*executable file not found in \$PATH/);
  });

  test('invalid container reported', async () => {
    const result = await kubectl(['exec', 'shell', '-c', 'nope', '--', 'true']);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stderr.toString(), 'Error from server (BadRequest): container nope is not valid for pod shell\n');
  });

  test('deploy target runs in one of its pods', async () => {
    const pods = await kubectl(['get', 'pods', '-l', 'app=api', '-o', 'jsonpath={.items[*].metadata.name}']);
    assert.equal(pods.exitCode, 0);
    const names = pods.stdout.toString().split(' ').filter((name) => name !== '');
    assert.equal(names.length, 2);

    // HOSTNAME is the pod name in both runtime modes; `hostname` is only in namespace mode.
    const result = await kubectl(['exec', 'deploy/api', '--', 'printenv', 'HOSTNAME']);
    assert.equal(result.exitCode, 0);
    const printed = result.stdout.toString().trim();
    assert.ok(names.includes(printed), `${printed} is not one of ${names.join(', ')}`);
  });
});
