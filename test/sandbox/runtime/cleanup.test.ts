/**
 * The safety nets for a sandbox process that ends without stopAll(): its 'exit' hook kills every
 * pod process, and in namespaces mode each PID 1 also exits when the sandbox dies of SIGKILL.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { hostPidsWithArgument } from './helpers.js';

const runtimeModule = new URL('../../../src/sandbox/runtime/index.js', import.meta.url).href;
const stateRoot = mkdtempSync(join(tmpdir(), 'podexec-runtime-cleanup-'));
after(() => rmSync(stateRoot, { recursive: true, force: true }));

/**
 * Source of a child Node process that starts a pod with a background `sleep MARKER` and an attached
 * one, prints its mode, then ends as `ending` says, without calling stopAll().
 */
function childSource(mode: string, marker: string, ending: 'exit' | 'wait'): string {
  return `
    import { createPodRuntime } from ${JSON.stringify(runtimeModule)};
    const runtime = await createPodRuntime({ mode: ${JSON.stringify(mode)}, stateDir: ${JSON.stringify(stateRoot)} });
    const pod = await runtime.startPod({
      uid: 'cleanup-' + process.pid, name: 'cleanup', namespace: 'default',
      containers: [{ name: 'main', env: [], workingDir: undefined }], missingTools: [], podEnv: [],
    });
    const background = pod.exec('main', ['sh', '-c', 'sleep ${marker} >/dev/null 2>&1 &'], { tty: false });
    background.stdout.resume();
    background.stderr.resume();
    background.stdin.end();
    await background.outcome;
    const attached = pod.exec('main', ['sleep', '${marker}'], { tty: false });
    attached.stdout.resume();
    attached.stderr.resume();
    process.stdout.write(runtime.info.mode + '\\n');
    ${ending === 'exit' ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}
  `;
}

function startChild(mode: string, marker: string, ending: 'exit' | 'wait') {
  const child = spawn(process.execPath, ['--input-type=module', '-e', childSource(mode, marker, ending)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reportedMode = new Promise<string>((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) {
        resolve(output.trim());
      }
    });
    child.once('exit', () => resolve(output.trim()));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, reportedMode, exited };
}

async function waitUntilNone(marker: string): Promise<number[]> {
  // SIGKILL takes effect at once, but the kernel reaps a PID namespace asynchronously.
  for (let attempt = 0; attempt < 200 && hostPidsWithArgument(marker).length > 0; attempt++) {
    await sleep(10);
  }
  return hostPidsWithArgument(marker);
}

function uniqueMarker(): string {
  return `${Math.floor(1000 + Math.random() * 8000)}.${process.pid}${Math.floor(Math.random() * 10)}`;
}

for (const mode of ['plain', 'auto']) {
  test(`exit without stopAll (${mode} requested)`, async (t) => {
    const marker = uniqueMarker();
    const { reportedMode, exited } = startChild(mode, marker, 'exit');
    t.diagnostic(`mode: ${await reportedMode}`);
    await exited;
    assert.deepEqual(await waitUntilNone(marker), []);
  });
}

test('SIGKILL of the sandbox process', async (t) => {
  const marker = uniqueMarker();
  const { child, reportedMode, exited } = startChild('auto', marker, 'wait');
  const mode = await reportedMode;
  t.diagnostic(`mode: ${mode}`);
  if (mode !== 'namespaces') {
    // NOTE: plain pods have no PID 1 to take their processes down; they outlive a SIGKILLed sandbox.
    child.kill('SIGKILL');
    await exited;
    t.skip('plain mode cannot clean up after SIGKILL');
    return;
  }
  while (hostPidsWithArgument(marker).length < 2) {
    await sleep(10);
  }
  child.kill('SIGKILL');
  await exited;
  assert.deepEqual(await waitUntilNone(marker), []);
});
