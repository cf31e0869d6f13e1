/** Flow control: a slow reader of large output keeps the process's memory bounded. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, test } from 'node:test';
import type { Backend } from '../../../src/backends/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { createKubeBackend } from './helpers.js';

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata: { name: box, namespace: default }
spec:
  containers: [{ name: main, image: busybox }]
`;

const TOTAL_BYTES = 100_000_000;
// Measured on loopback: about 38 MiB with flow control, over 100 MiB without it.
const MAX_RSS_GROWTH_BYTES = 80 * 1024 * 1024;

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

test('slow reader of 100 MB keeps memory bounded', async () => {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const session = await backend.exec({
    pod: 'box',
    namespace: 'default',
    container: undefined,
    argv: ['head', '-c', String(TOTAL_BYTES), '/dev/zero'],
    stdin: false,
    tty: false,
    signal: new AbortController().signal,
  });
  const hash = createHash('sha256');
  let received = 0;
  let sinceSleep = 0;
  // The reader takes about 16 MB/s, far slower than the sandbox produces on loopback, so without
  // flow control most of the 100 MB would pile up in the stdout buffer.
  const slowReader = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      received += chunk.length;
      sinceSleep += chunk.length;
      if (sinceSleep < 1024 * 1024) {
        callback();
        return;
      }
      sinceSleep = 0;
      peak = Math.max(peak, process.memoryUsage().rss);
      setTimeout(callback, 60);
    },
  });
  await pipeline(session.stdout, slowReader);
  assert.deepEqual(await session.exit, { exitCode: 0 });
  assert.equal(received, TOTAL_BYTES);
  assert.equal(hash.digest('hex'), createHash('sha256').update(Buffer.alloc(TOTAL_BYTES)).digest('hex'));
  const growth = peak - baseline;
  assert.ok(growth < MAX_RSS_GROWTH_BYTES, `rss grew by ${(growth / 1048576).toFixed(1)} MiB`);
});
