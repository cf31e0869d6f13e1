import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Exec } from '../../src/exec/index.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { sha256, startExecSandbox } from './fixtures.js';

describe('Exec output against the sandbox', () => {
  let sandbox: TestSandbox;
  let exec: Exec;

  before(async () => {
    sandbox = await startExecSandbox();
    exec = new Exec({ kubeconfig: sandbox.kubeconfigPath });
  });

  after(async () => {
    await exec?.close();
    await sandbox?.stop();
  });

  it('returns echo output and exit code 0', async () => {
    const result = await exec.run('box', undefined, ['echo', 'hi']);
    assert.equal(result.stdout.toString('hex'), Buffer.from('hi\n').toString('hex'));
    assert.equal(result.stderr.length, 0);
    assert.equal(result.exitCode, 0);
    assert.equal(result.pod, 'box');
    assert.equal(result.namespace, 'default');
    assert.equal(result.container, 'main');
    assert.equal(result.command, 'echo hi');
    assert.equal(result.backend, 'kube');
    assert.equal(typeof result.durationMs, 'number');
    assert.ok(Array.isArray(result.diagnostics));
  });

  it('separates stdout and stderr and keeps exit code 3', async () => {
    const result = await exec.run('box', 'default', { cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    assert.equal(result.stdout.toString(), 'out\n');
    assert.equal(result.stderr.toString(), 'err\n');
    assert.equal(result.exitCode, 3);
  });

  it('reports 137 for a process killed by SIGKILL', async () => {
    const result = await exec.run('box', undefined, ['sh', '-c', 'kill -9 $$']);
    assert.equal(result.exitCode, 137);
  });

  it('pipes 1 MiB of random stdin byte for byte', async () => {
    const data = randomBytes(1024 * 1024);
    const fromBuffer = await exec.run('box', undefined, { cmd: ['sha256sum'], stdin: data });
    assert.equal(fromBuffer.stdout.toString().split(' ')[0], sha256(data));
    const fromStream = await exec.run('box', undefined, { cmd: ['sha256sum'], stdin: Readable.from([data.subarray(0, 1000), data.subarray(1000)]) });
    assert.equal(fromStream.stdout.toString().split(' ')[0], sha256(data));
    const roundTrip = await exec.run('box', undefined, { cmd: ['cat'], stdin: data });
    assert.equal(roundTrip.stdout.length, data.length);
    assert.equal(sha256(roundTrip.stdout), sha256(data));
  });

  it('ends empty stdin at once', async () => {
    const result = await exec.run('box', undefined, { cmd: ['wc', '-c'], stdin: '' });
    assert.equal(result.stdout.toString().trim(), '0');
    const fromStream = await exec.run('box', undefined, { cmd: ['cat'], stdin: Readable.from([]) });
    assert.equal(fromStream.stdout.length, 0);
    assert.equal(fromStream.exitCode, 0);
  });

  it('returns 10,000,000 zero bytes exactly, 20 runs in a row', async () => {
    const expected = sha256(Buffer.alloc(10_000_000));
    for (let run = 0; run < 20; run++) {
      const result = await exec.run('box', undefined, ['head', '-c', '10000000', '/dev/zero']);
      assert.equal(result.stdout.length, 10_000_000, `run ${run}`);
      assert.equal(sha256(result.stdout), expected, `run ${run}`);
      assert.equal(result.exitCode, 0);
    }
  });

  it('returns seq 1 2000000 whole', async () => {
    const result = await exec.run('box', undefined, ['seq', '1', '2000000']);
    assert.equal(result.stdout.length, 14_888_896);
    assert.equal(result.stdout.subarray(-8).toString(), '2000000\n');
    const lines = result.stdout.toString().split('\n');
    assert.equal(lines.length, 2_000_001);
    assert.equal(lines[999_999], '1000000');
  });

  it('keeps a multibyte character split across chunks', async () => {
    const result = await exec.run('box', undefined, ['sh', '-c', "head -c 4095 /dev/zero | tr '\\0' a; printf '\\342\\202\\254'"]);
    assert.equal(result.stdout.length, 4098);
    assert.equal(result.stdout.subarray(4095).toString(), '€');
    assert.equal(result.stdout.toString().includes('\uFFFD'), false);
    assert.equal(sha256(result.stdout), sha256(Buffer.concat([Buffer.alloc(4095, 'a'), Buffer.from('€')])));
  });

  it('round-trips all 256 byte values', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, value) => value));
    const result = await exec.run('box', undefined, { cmd: ['cat'], stdin: bytes });
    assert.equal(result.stdout.length, 256);
    assert.equal(sha256(result.stdout), sha256(bytes));
    const stderr = await exec.run('box', undefined, { cmd: ['sh', '-c', 'cat >&2'], stdin: bytes });
    assert.equal(sha256(stderr.stderr), sha256(bytes));
  });

  it('returns JSON- and YAML-looking output raw', async () => {
    const text = '{"status":"Failure","code":500}\n---\nkind: Status\nmessage: x\n';
    const result = await exec.run('box', undefined, ['printf', '%s', text]);
    assert.equal(result.stdout.toString(), text);
    assert.equal(result.exitCode, 0);
  });
});
