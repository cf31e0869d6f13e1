import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { successStatus } from '../../../src/protocol/index.js';
import { execQuery, startExecHarness } from './harness.js';
import type { ExecHarness } from './harness.js';
import { rejectedUpgrade, runExec } from './ws-client.js';

const FAULTS = 'sandbox.podexec.io/faults';
/** Writes 200,000 bytes of stdout, far more than any byte limit below. */
const BIG_OUTPUT = ['head', '-c', '200000', '/dev/zero'];

function faultPod(name: string, faults: string): { name: string; annotations: Record<string, string> } {
  return { name, annotations: { [FAULTS]: faults } };
}

describe('exec fault injection', () => {
  let harness: ExecHarness;

  before(async () => {
    harness = await startExecHarness([
      faultPod('drop-bytes', 'drop-after-bytes=1000'),
      faultPod('drop-ms', 'drop-after-ms=200'),
      faultPod('close-bytes', 'close-without-status-after-bytes=1500'),
      faultPod('both-limits', 'close-without-status-after-bytes=700, drop-after-bytes=900'),
      faultPod('throttle', 'throttle-bytes-per-second=4000'),
      faultPod('latency', 'latency-ms=300'),
      faultPod('upgrade-429', 'upgrade-status=429,upgrade-failures=2,retry-after-seconds=3'),
      faultPod('upgrade-503', 'upgrade-status=503'),
      faultPod('drop-zero', 'drop-after-bytes=0'),
      faultPod('upgrade-spdy', 'upgrade-status=500,upgrade-failures=1'),
    ]);
  });
  after(async () => {
    await harness.stop();
  });

  test('drop-after-bytes destroys connection', async () => {
    const run = await runExec(harness.execUrl('drop-bytes', execQuery(BIG_OUTPUT, { stdout: 'true' })));
    assert.equal(run.stdout.length, 1000);
    assert.equal(run.status, undefined);
    assert.equal(run.closeCode, 1006);
  });

  test('drop-after-bytes=0 sends no output', async () => {
    const run = await runExec(harness.execUrl('drop-zero', execQuery(BIG_OUTPUT, { stdout: 'true' })));
    assert.equal(run.stdout.length, 0);
    assert.equal(run.messages.length, 1);
    assert.equal(run.status, undefined);
    assert.equal(run.closeCode, 1006);
  });

  test('drop-after-ms destroys connection', async () => {
    const run = await runExec(harness.execUrl('drop-ms', execQuery(['sleep', '10'], { stdout: 'true' })));
    assert.equal(run.status, undefined);
    assert.equal(run.closeCode, 1006);
  });

  test('close-without-status-after-bytes closes cleanly', async () => {
    const run = await runExec(harness.execUrl('close-bytes', execQuery(BIG_OUTPUT, { stdout: 'true' })));
    assert.equal(run.stdout.length, 1500);
    assert.equal(run.status, undefined);
    assert.equal(run.closeCode, 1000);
  });

  test('smaller byte limit wins', async () => {
    const run = await runExec(harness.execUrl('both-limits', execQuery(BIG_OUTPUT, { stdout: 'true' })));
    assert.equal(run.stdout.length, 700);
    assert.equal(run.status, undefined);
    assert.equal(run.closeCode, 1000);
  });

  test('throttle paces output in small messages', async () => {
    const started = Date.now();
    const run = await runExec(harness.execUrl('throttle', execQuery(['head', '-c', '2000', '/dev/zero'], { stdout: 'true' })));
    const elapsedMs = Date.now() - started;
    assert.equal(run.stdout.length, 2000);
    assert.deepEqual(run.status, successStatus());
    const outputMessages = run.messages.filter((message) => message.channel === 1 && message.payload.length > 0);
    // At 4000 bytes per second the queue sends at most 200 bytes (50 ms worth) per message.
    assert.ok(outputMessages.every((message) => message.payload.length <= 200));
    assert.ok(outputMessages.length >= 10, `expected at least 10 messages, got ${outputMessages.length}`);
    // A lower bound only: 1800 bytes after the first piece cannot leave sooner than 450 ms.
    assert.ok(elapsedMs >= 450, `finished after ${elapsedMs} ms`);
  });

  test('latency delays upgrade and messages', async () => {
    const started = Date.now();
    const run = await runExec(harness.execUrl('latency', execQuery(['echo', 'late'], { stdout: 'true' })));
    const elapsedMs = Date.now() - started;
    assert.equal(run.stdout.toString(), 'late\n');
    assert.deepEqual(run.status, successStatus());
    // A lower bound only: the upgrade and then the messages each wait 300 ms.
    assert.ok(elapsedMs >= 600, `finished after ${elapsedMs} ms`);
  });

  test('upgrade-status fails first attempts', async () => {
    const url = harness.execUrl('upgrade-429', execQuery(['echo', 'third'], { stdout: 'true' }));
    for (const attempt of [1, 2]) {
      const rejected = await rejectedUpgrade(url);
      assert.equal(rejected.statusCode, 429);
      assert.equal(rejected.headers['retry-after'], '3');
      assert.deepEqual(JSON.parse(rejected.body), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `upgrade attempt ${attempt} of 2 to pod default/upgrade-429 failed with HTTP 429 by fault injection (${FAULTS})`,
        reason: 'TooManyRequests',
        details: { name: 'upgrade-429', kind: 'pods', retryAfterSeconds: 3 },
        code: 429,
      });
    }
    const run = await runExec(url);
    assert.equal(run.stdout.toString(), 'third\n');
    assert.deepEqual(run.status, successStatus());
  });

  test('upgrade-status without limit always fails', async () => {
    const url = harness.execUrl('upgrade-503', execQuery(['true'], { stdout: 'true' }));
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const rejected = await rejectedUpgrade(url);
      assert.equal(rejected.statusCode, 503);
      assert.equal(rejected.headers['retry-after'], undefined);
      const body = JSON.parse(rejected.body) as { reason: string; message: string };
      assert.equal(body.reason, 'ServiceUnavailable');
      assert.equal(body.message, `upgrade attempt ${attempt} to pod default/upgrade-503 failed with HTTP 503 by fault injection (${FAULTS})`);
    }
  });

  test('SPDY retry repeats upgrade failure', async () => {
    const wsUrl = harness.execUrl('upgrade-spdy', execQuery(['true'], { stdout: 'true' }));
    const first = await rejectedUpgrade(wsUrl);
    assert.equal(first.statusCode, 500);

    // The SPDY retry right after the failed attempt gets the same response and is not counted.
    const spdy = await spdyUpgrade(wsUrl.replace('ws://', 'http://'));
    assert.equal(spdy.statusCode, 500);
    assert.equal(spdy.body, first.body);

    const run = await runExec(wsUrl);
    assert.deepEqual(run.status, successStatus());

    const spdyAfter = await spdyUpgrade(wsUrl.replace('ws://', 'http://'));
    assert.equal(spdyAfter.statusCode, 400);
    assert.equal((JSON.parse(spdyAfter.body) as { reason: string }).reason, 'BadRequest');
  });
});

/** Sends the upgrade request kubectl sends when it falls back to SPDY. */
async function spdyUpgrade(url: string): Promise<{ statusCode: number; body: string }> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1' } });
    req.once('response', resolve);
    req.once('upgrade', () => reject(new Error('SPDY upgrade succeeded')));
    req.once('error', reject);
    req.end();
  });
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return { statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() };
}
