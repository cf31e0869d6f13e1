import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { execQuery, startExecHarness } from './harness.js';
import type { ExecHarness } from './harness.js';
import { openExec, runExec } from './ws-client.js';

describe('exec client disconnect', () => {
  let harness: ExecHarness;
  let dir: string;

  before(async () => {
    harness = await startExecHarness([{ name: 'keeper' }]);
    dir = await mkdtemp(join(tmpdir(), 'podexec-endpoint-'));
  });
  after(async () => {
    await harness.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('process outlives its client', async () => {
    const marker = join(dir, 'done');
    const script = `sleep 1; echo done > ${marker}`;
    const { ws, transcript } = await openExec(harness.execUrl('keeper', execQuery(['sh', '-c', script], { stdout: 'true' })), [
      'v5.channel.k8s.io',
    ]);
    ws.terminate();
    const lost = await transcript;
    assert.equal(lost.status, undefined);

    // Polls with a second exec: the marker appears only if the first command kept running.
    let content = '';
    for (let attempt = 0; attempt < 100 && content === ''; attempt += 1) {
      const check = await runExec(harness.execUrl('keeper', execQuery(['sh', '-c', `cat ${marker} 2>/dev/null || true`], { stdout: 'true' })));
      content = check.stdout.toString();
      if (content === '') await sleep(100);
    }
    assert.equal(content, 'done\n');
  });
});
