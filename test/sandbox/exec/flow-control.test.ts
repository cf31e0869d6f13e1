import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { successStatus } from '../../../src/protocol/index.js';
import { execQuery, startExecHarness } from './harness.js';
import type { ExecHarness } from './harness.js';

const CHUNK_BYTES = 256 * 1024;
const CHUNK_COUNT = 400;
const TOTAL_BYTES = CHUNK_BYTES * CHUNK_COUNT;
/**
 * Bytes that may be in flight while a side is blocked: the endpoint's 1 MiB high-water mark plus
 * loopback socket and pipe buffers, which are a few MiB. Without flow control all 100 MiB pass.
 */
const MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;

interface StreamedRun {
  length: number;
  digest: string;
  status: unknown;
}

/** Hashes stdout as it arrives instead of keeping it. */
function hashOutput(ws: WebSocket): Promise<StreamedRun> {
  const hash = createHash('sha256');
  let length = 0;
  let status: unknown;
  ws.on('message', (data) => {
    const message = data as Buffer;
    if (message[0] === 1) {
      hash.update(message.subarray(1));
      length += message.length - 1;
    } else if (message[0] === 3) {
      status = JSON.parse(message.subarray(1).toString());
    }
  });
  return new Promise((resolve) => ws.once('close', () => resolve({ length, digest: hash.digest('hex'), status })));
}

function zeroDigest(length: number): string {
  return createHash('sha256').update(Buffer.alloc(length)).digest('hex');
}

describe('exec flow control', () => {
  let harness: ExecHarness;
  let dir: string;

  before(async () => {
    harness = await startExecHarness([{ name: 'pump' }]);
    dir = await mkdtemp(join(tmpdir(), 'podexec-flow-'));
  });
  after(async () => {
    await harness.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('slow client blocks process output', async () => {
    // The process records how many chunks it wrote; the harness runs pods as plain processes,
    // so the test reads the counter file directly.
    const counter = join(dir, 'written');
    const script = `n=0; while [ $n -lt ${CHUNK_COUNT} ]; do head -c ${CHUNK_BYTES} /dev/zero; n=$((n+1)); echo $n > ${counter}; done`;
    const ws = new WebSocket(harness.execUrl('pump', execQuery(['sh', '-c', script], { stdout: 'true' })), ['v5.channel.k8s.io']);
    const result = hashOutput(ws);
    await new Promise((resolve) => ws.once('open', resolve));

    ws.pause();
    await sleep(1000);
    const written = Number((await readFile(counter, 'utf8').catch(() => '0')).trim());
    ws.resume();

    const run = await result;
    assert.ok(written * CHUNK_BYTES < MAX_IN_FLIGHT_BYTES, `process wrote ${written} chunks while the client read nothing`);
    assert.equal(run.length, TOTAL_BYTES);
    assert.equal(run.digest, zeroDigest(TOTAL_BYTES));
    assert.deepEqual(run.status, successStatus());
  });

  test('blocked process stdin pushes back', async () => {
    const go = join(dir, 'go');
    const script = `while [ ! -e ${go} ]; do sleep 0.05; done; exec cat`;
    const ws = new WebSocket(harness.execUrl('pump', execQuery(['sh', '-c', script], { stdin: 'true', stdout: 'true' })), [
      'v5.channel.k8s.io',
    ]);
    const result = hashOutput(ws);
    await new Promise((resolve) => ws.once('open', resolve));

    const expected = createHash('sha256');
    for (let index = 0; index < CHUNK_COUNT; index += 1) {
      const chunk = Buffer.alloc(CHUNK_BYTES, index % 251);
      expected.update(chunk);
      ws.send(Buffer.concat([Buffer.from([0]), chunk]));
    }
    ws.send(Buffer.from([255, 0]));
    await sleep(1000);
    // What left the client's buffer went to the server; a paused server stops taking it.
    const accepted = TOTAL_BYTES + CHUNK_COUNT + 2 - ws.bufferedAmount;
    await writeFile(go, '');

    const run = await result;
    assert.ok(accepted < MAX_IN_FLIGHT_BYTES, `server accepted ${accepted} bytes before the process read any`);
    assert.equal(run.length, TOTAL_BYTES);
    assert.equal(run.digest, expected.digest('hex'));
    assert.deepEqual(run.status, successStatus());
  });
});
