/** The example third-party backend, registered by its decorator and used through Exec. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { LOCAL_CONTAINER, LocalBackend } from '../../examples/backend-local/local-backend.js';
import { createBackend, registeredBackends } from '../../src/backends/registry.js';
import { CommandStartError, TimeoutError } from '../../src/core/errors.js';
import { Exec } from '../../src/exec/index.js';

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

test('decorator registers the backend', () => {
  assert.ok(registeredBackends().includes('local'));
  const created = createBackend('local', {});
  assert.ok(created instanceof LocalBackend);
  assert.equal(created.name, 'local');
});

test('output and exit code through Exec', async () => {
  const exec = new Exec({ backend: 'local' });
  const result = await exec.run('any-pod', undefined, ['sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(result.stdout.toString(), 'out\n');
  assert.equal(result.stderr.toString(), 'err\n');
  assert.equal(result.exitCode, 3);
  assert.equal(result.namespace, 'default');
  assert.equal(result.container, LOCAL_CONTAINER);
  assert.equal(result.backend, 'local');
  await exec.close();
});

test('stdin reaches the command', async () => {
  const exec = new Exec({ backend: 'local' });
  const input = randomBytes(1024 * 1024);
  const result = await exec.run('any-pod', 'default', { cmd: ['cat'], stdin: input });
  assert.equal(result.stdout.length, input.length);
  assert.equal(sha256(result.stdout), sha256(input));
  await exec.close();
});

test('signal exit becomes 128 + N', async () => {
  const exec = new Exec({ backend: 'local' });
  const result = await exec.run('any-pod', 'default', ['sh', '-c', 'kill -9 $$']);
  assert.equal(result.exitCode, 137);
  await exec.close();
});

test('missing executable is CommandStartError', async () => {
  const exec = new Exec({ backend: 'local' });
  const error = await exec.run('any-pod', 'default', ['podexec-no-such-command']).catch((caught: unknown) => caught);
  assert.ok(error instanceof CommandStartError);
  assert.equal(error.code, 'PODEXEC_COMMAND_START_FAILED');
  assert.equal(error.notFound, true);
  assert.equal(error.pod, 'any-pod');
  assert.match(error.message, /^Command could not start in pod any-pod \(namespace default, container local\): podexec-no-such-command\nspawn podexec-no-such-command ENOENT$/);
  await exec.close();
});

test('timeout stops the local process', async () => {
  const exec = new Exec({ backend: 'local' });
  const error = await exec.run('any-pod', 'default', { cmd: ['sleep', '60'], timeout: 500 }).catch((caught: unknown) => caught);
  assert.ok(error instanceof TimeoutError);
  assert.equal(error.code, 'PODEXEC_TIMEOUT');
  assert.equal(error.timeoutMs, 500);
  // Closing a local session already kills the child, so the stop finds nothing left, unlike in a pod.
  assert.deepEqual(error.remoteStop, { stopped: true, detail: 'no process of the command was left' });
  await exec.close();
});
