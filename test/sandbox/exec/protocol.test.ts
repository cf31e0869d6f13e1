import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { nonZeroExitStatus, successStatus } from '../../../src/protocol/index.js';
import { execQuery, startExecHarness } from './harness.js';
import type { ExecHarness } from './harness.js';
import { openExec, rejectedUpgrade, runExec } from './ws-client.js';

const V5 = 'v5.channel.k8s.io';
const V4 = 'v4.channel.k8s.io';

describe('exec endpoint protocol', () => {
  let harness: ExecHarness;

  before(async () => {
    harness = await startExecHarness([{ name: 'web' }]);
  });
  after(async () => {
    await harness.stop();
  });

  test('v5 preferred in client order', async () => {
    const url = harness.execUrl('web', execQuery(['echo', 'hi'], { stdout: 'true', stderr: 'true' }));
    const run = await runExec(url, [V5, V4]);
    assert.equal(run.protocol, V5);
    assert.equal(run.stdout.toString(), 'hi\n');
    assert.deepEqual(run.status, successStatus());
    assert.equal(run.closeCode, 1000);
  });

  test('v4 chosen when offered first', async () => {
    const url = harness.execUrl('web', execQuery(['echo', 'hi'], { stdout: 'true' }));
    const run = await runExec(url, [V4, V5]);
    assert.equal(run.protocol, V4);
    assert.equal(run.stdout.toString(), 'hi\n');
    assert.deepEqual(run.status, successStatus());
  });

  test('v4 fallback after unknown protocols', async () => {
    const url = harness.execUrl('web', execQuery(['true'], { stdout: 'true' }));
    const run = await runExec(url, ['v6.channel.k8s.io', 'channel.k8s.io', V4]);
    assert.equal(run.protocol, V4);
    assert.deepEqual(run.status, successStatus());
  });

  test('only v1 offered gives 403 empty body', async () => {
    const url = harness.execUrl('web', execQuery(['true'], { stdout: 'true' }));
    const rejected = await rejectedUpgrade(url, ['channel.k8s.io', 'base64.channel.k8s.io']);
    assert.equal(rejected.statusCode, 403);
    assert.equal(rejected.body, '');
    assert.equal(rejected.headers['content-length'], '0');
  });

  test('no protocol offered gives 403', async () => {
    const url = harness.execUrl('web', execQuery(['true'], { stdout: 'true' }));
    const rejected = await rejectedUpgrade(url, []);
    assert.equal(rejected.statusCode, 403);
    assert.equal(rejected.body, '');
  });

  test('first message empty on stdout channel', async () => {
    const url = harness.execUrl('web', execQuery(['echo', 'x'], { stdout: '1', stderr: '1' }));
    const run = await runExec(url);
    const first = run.messages[0];
    assert.ok(first);
    assert.equal(first.channel, 1);
    assert.equal(first.payload.length, 0);
    assert.equal(first.isBinary, true);
    assert.ok(run.messages.every((message) => message.isBinary));
  });

  test('first message on stderr without stdout', async () => {
    const url = harness.execUrl('web', execQuery(['sh', '-c', 'echo e >&2'], { stderr: 'true' }));
    const run = await runExec(url);
    const first = run.messages[0];
    assert.ok(first);
    assert.equal(first.channel, 2);
    assert.equal(first.payload.length, 0);
    assert.equal(run.stderr.toString(), 'e\n');
    assert.equal(run.stdout.length, 0);
  });

  test('booleans True, 0 and FALSE', async () => {
    const argv = ['sh', '-c', 'echo out; echo err >&2'];
    const trueCase = await runExec(harness.execUrl('web', execQuery(argv, { stdout: 'True', stderr: 'TRUE' })));
    assert.equal(trueCase.stdout.toString(), 'out\n');
    assert.equal(trueCase.stderr.toString(), 'err\n');

    const falseCase = await runExec(harness.execUrl('web', execQuery(argv, { stdout: 'True', stderr: 'FALSE' })));
    assert.equal(falseCase.stdout.toString(), 'out\n');
    assert.equal(falseCase.messages.filter((message) => message.channel === 2).length, 0);

    const zeroCase = await runExec(harness.execUrl('web', execQuery(argv, { stdout: 'yes', stderr: '0' })));
    assert.equal(zeroCase.stdout.toString(), 'out\n');
    assert.equal(zeroCase.messages.filter((message) => message.channel === 2).length, 0);
    assert.deepEqual(zeroCase.status, successStatus());
  });

  test('non-zero exit status', async () => {
    const url = harness.execUrl('web', execQuery(['sh', '-c', 'echo err >&2; exit 3'], { stdout: '1', stderr: '1' }));
    const run = await runExec(url);
    assert.equal(run.stderr.toString(), 'err\n');
    assert.deepEqual(run.status, nonZeroExitStatus(3));
    assert.equal(run.status?.details?.causes?.[0]?.message, '3');
    assert.equal(run.closeCode, 1000);
  });

  test('missing executable gives InternalError', async () => {
    const url = harness.execUrl('web', execQuery(['no-such-command-here'], { stdout: '1', stderr: '1' }));
    const run = await runExec(url);
    assert.equal(run.status?.status, 'Failure');
    assert.equal(run.status?.reason, 'InternalError');
    assert.equal(run.status?.code, 500);
    assert.match(run.status?.message ?? '', /^Internal error occurred: .*executable file not found in \$PATH/);
    assert.equal(run.closeCode, 1000);
  });

  test('text frame stdin is accepted', async () => {
    const url = harness.execUrl('web', execQuery(['cat'], { stdin: 'true', stdout: 'true' }));
    const { ws, transcript } = await openExec(url, [V5]);
    ws.send('\u0000hello text', { binary: false });
    ws.send(Buffer.from([255, 0]));
    const run = await transcript;
    assert.equal(run.stdout.toString(), 'hello text');
    assert.deepEqual(run.status, successStatus());
  });

  test('stdin close keeps output flowing', async () => {
    const url = harness.execUrl('web', execQuery(['sh', '-c', 'cat; echo after-eof'], { stdin: 'true', stdout: 'true' }));
    const { ws, transcript } = await openExec(url, [V5]);
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('abc\n')]));
    ws.send(Buffer.from([255, 0]));
    const run = await transcript;
    assert.equal(run.stdout.toString(), 'abc\nafter-eof\n');
    assert.deepEqual(run.status, successStatus());
    assert.equal(run.closeCode, 1000);
  });

  test('unknown channels are ignored', async () => {
    const url = harness.execUrl('web', execQuery(['cat'], { stdin: 'true', stdout: 'true' }));
    const { ws, transcript } = await openExec(url, [V5]);
    ws.send(Buffer.from([9, 1, 2, 3]));
    ws.send(Buffer.from([0, 0x41]));
    ws.send(Buffer.from([255, 0]));
    const run = await transcript;
    assert.equal(run.stdout.toString(), 'A');
    assert.deepEqual(run.status, successStatus());
  });

  test('frame over 32 MiB closes with 1009', async () => {
    const url = harness.execUrl('web', execQuery(['cat'], { stdin: 'true', stdout: 'true' }));
    const { ws, transcript } = await openExec(url, [V5]);
    const frame = Buffer.alloc(32 * 1024 * 1024 + 2);
    ws.send(frame);
    const run = await transcript;
    assert.equal(run.closeCode, 1009);
    assert.equal(run.status, undefined);
    assert.equal(run.stdout.length, 0);
  });

  test('tty output and resize', async () => {
    // The command waits for one line, so the resize sent before it is applied when stty runs.
    const script = 'read line; stty size; echo err-line >&2; exit 4';
    const url = harness.execUrl('web', execQuery(['sh', '-c', script], { stdin: 'true', stdout: 'true', stderr: 'true', tty: 'true' }));
    const { ws, transcript } = await openExec(url, [V5]);
    ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"width":111,"HEIGHT":37}')]));
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('go\n')]));
    const run = await transcript;
    assert.equal(run.stdout.toString(), 'go\r\n37 111\r\nerr-line\r\n');
    assert.equal(run.messages.filter((message) => message.channel === 2).length, 0);
    assert.deepEqual(run.status, nonZeroExitStatus(4));
  });

  test('stdin round trip is byte exact', async () => {
    const url = harness.execUrl('web', execQuery(['cat'], { stdin: 'true', stdout: 'true' }));
    const { ws, transcript } = await openExec(url, [V5]);
    const data = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    for (let offset = 0; offset < data.length; offset += 256 * 1024) {
      const chunk = data.subarray(offset, offset + 256 * 1024);
      ws.send(Buffer.concat([Buffer.from([0]), chunk]));
      while (ws.bufferedAmount > 4 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    ws.send(Buffer.from([255, 0]));
    const run = await transcript;
    assert.equal(run.stdout.length, data.length);
    assert.ok(run.stdout.equals(data));
    assert.deepEqual(run.status, successStatus());
  });

  test('non-upgrade request gives 400', async () => {
    const url = harness.execUrl('web', execQuery(['true'], { stdout: 'true' })).replace('ws://', 'http://');
    const response = await fetch(url);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.deepEqual(await response.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Upgrade request required',
      reason: 'BadRequest',
      code: 400,
    });
  });

  test('endpoint close ends open connections', async () => {
    const other = await startExecHarness([{ name: 'solo' }]);
    try {
      const { ws, transcript } = await openExec(other.execUrl('solo', execQuery(['sleep', '30'], { stdout: 'true' })), [V5]);
      other.endpoint.close();
      const run = await transcript;
      assert.equal(run.status, undefined);
      assert.equal(run.closeCode, 1006);
      assert.equal(ws.readyState, WebSocket.CLOSED);
    } finally {
      await other.stop();
    }
  });
});
