import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubectlMessageFilter, type FilterOutcome } from '../../../src/backends/kubectl/message-filter.js';

/** Feeds `chunks` through a filter, ends it with `exitCode`, and returns the output and outcome. */
async function run(chunks: readonly (string | Buffer)[], exitCode: number): Promise<{ output: Buffer; outcome: FilterOutcome; notes: string[] }> {
  const filter = new KubectlMessageFilter();
  const collected: Buffer[] = [];
  filter.on('data', (chunk: Buffer) => collected.push(chunk));
  const ended = new Promise((resolve) => filter.once('end', resolve));
  for (const chunk of chunks) filter.accept(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8'));
  const outcome = filter.finish(exitCode);
  await ended;
  return { output: Buffer.concat(collected), outcome, notes: filter.notes };
}

test('exit 0 passes everything through', async () => {
  const { output, outcome } = await run(['one\n', 'two\nthree'], 0);
  assert.equal(output.toString(), 'one\ntwo\nthree');
  assert.deepEqual(outcome, { kind: 'exited', exitCode: 0 });
});

test('exit trailer is removed and gives the code', async () => {
  const { output, outcome } = await run(['boom\n', 'command terminated with exit code 3\n'], 3);
  assert.equal(output.toString(), 'boom\n');
  assert.deepEqual(outcome, { kind: 'exited', exitCode: 3 });
});

test('trailer glued to output without line break', async () => {
  const { output, outcome } = await run(['partial', 'command terminated with exit code 137\n'], 137);
  assert.equal(output.toString(), 'partial');
  assert.deepEqual(outcome, { kind: 'exited', exitCode: 137 });
});

test('trailer with another code is output, not an exit', async () => {
  const { output, outcome } = await run(['command terminated with exit code 2\n', 'error: x\n'], 1);
  assert.equal(output.toString(), 'command terminated with exit code 2\n');
  assert.deepEqual(outcome, { kind: 'kubectl-failed', exitCode: 1, message: 'error: x' });
});

test('remote error line before the trailer stays output', async () => {
  const { output, outcome } = await run(['error: from the command\n', 'command terminated with exit code 1\n'], 1);
  assert.equal(output.toString(), 'error: from the command\n');
  assert.deepEqual(outcome, { kind: 'exited', exitCode: 1 });
});

test('kubectl error is removed from the output', async () => {
  const { output, outcome } = await run(['Error from server (NotFound): pods "x" not found\n'], 1);
  assert.equal(output.length, 0);
  assert.deepEqual(outcome, { kind: 'kubectl-failed', exitCode: 1, message: 'Error from server (NotFound): pods "x" not found' });
});

test('kubectl error after partial output keeps the output', async () => {
  const { output, outcome } = await run(['half a line', 'error: lost connection\n'], 1);
  assert.equal(output.toString(), 'half a line');
  assert.deepEqual(outcome, { kind: 'kubectl-failed', exitCode: 1, message: 'error: lost connection' });
});

test('leading notes move to notes', async () => {
  const log = 'E1204 20:12:36.453753    6348 memcache.go:265] "Unhandled Error" err="x"\n';
  const { output, outcome, notes } = await run([log, 'Defaulted container "a" out of: a, b\n', 'real\n'], 0);
  assert.equal(output.toString(), 'real\n');
  assert.deepEqual(outcome, { kind: 'exited', exitCode: 0 });
  assert.deepEqual(notes, [log.trimEnd(), 'Defaulted container "a" out of: a, b']);
});

test('note-like line after output stays output', async () => {
  const { output, notes } = await run(['first\n', 'Warning: from the command\n'], 0);
  assert.equal(output.toString(), 'first\nWarning: from the command\n');
  assert.deepEqual(notes, []);
});

test('binary bytes pass through unchanged', async () => {
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
  const { output, outcome } = await run([bytes, bytes.subarray(0, 10), 'command terminated with exit code 4\n'], 4);
  assert.deepEqual(output, Buffer.concat([bytes, bytes.subarray(0, 10)]));
  assert.deepEqual(outcome, { kind: 'exited', exitCode: 4 });
});

test('long output without breaks is released', async () => {
  const filter = new KubectlMessageFilter();
  const collected: Buffer[] = [];
  filter.on('data', (chunk: Buffer) => collected.push(chunk));
  filter.accept(Buffer.from('x\n'));
  filter.accept(Buffer.alloc(64 * 1024, 0x61));
  await new Promise((resolve) => setImmediate(resolve));
  const released = Buffer.concat(collected).length;
  assert.equal(released, 2 + 64 * 1024 - 16 * 1024);
  filter.finish(0);
});

test('CRLF trailer under a TTY is removed', async () => {
  const { output, outcome } = await run(['out\r\n', 'command terminated with exit code 5\r\n'], 5);
  assert.equal(output.toString(), 'out\r\n');
  assert.deepEqual(outcome, { kind: 'exited', exitCode: 5 });
});
