/** Kube backend against a minimal local server: keepalive, odd servers and credential renewal. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KubeBackend } from '../../../src/backends/kube/index.js';
import { ContainerNotFoundError, ProtocolError, StreamLostError, UnauthorizedError, UpgradeFailedError } from '../../../src/core/errors.js';
import { fakeConnection, startFakeServer } from './fake-server.js';
import type { FakeServer } from './fake-server.js';
import { run } from './helpers.js';

let server: FakeServer;

before(async () => {
  server = await startFakeServer({ execToken: 'good' });
});

after(async () => {
  await server.stop();
});

function backendFor(tokens: readonly string[], extra: Record<string, unknown> = {}) {
  const connection = fakeConnection(server.url, tokens);
  return { connection, backend: new KubeBackend({ connection, ...extra }) };
}

test('silent peer fails the keepalive', async () => {
  const { backend } = backendFor(['good'], { keepaliveIntervalMs: 50, keepaliveTimeoutMs: 300 });
  const result = await run(backend, 'silent', ['sleep', '100']);
  const error = result.error;
  assert.ok(error instanceof StreamLostError);
  assert.equal(error.code, 'PODEXEC_STREAM_LOST');
  assert.match(error.message, /: no response to keepalive pings for \d+\.\d s\. /);
  assert.equal(error.pod, 'silent');
  assert.equal(error.container, 'main');
  assert.equal(error.command, 'sleep 100');
  await backend.close();
});

test('403 with empty body names the subprotocols', async () => {
  const { backend } = backendFor(['good']);
  const error = await run(backend, 'nobody', ['true']).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof UpgradeFailedError);
  assert.equal(error.code, 'PODEXEC_UPGRADE_FAILED');
  assert.equal(error.httpStatus, 403);
  assert.equal(
    error.message,
    'Exec request for pod nobody (namespace default) failed with HTTP 403: empty response body, which means ' +
      'the server supports none of the offered subprotocols (v5.channel.k8s.io, v4.channel.k8s.io). ' +
      'Use the kubectl backend or a Kubernetes API server that serves v5.channel.k8s.io or v4.channel.k8s.io',
  );
  await backend.close();
});

test('invalid status JSON rejects with ProtocolError', async () => {
  const { backend } = backendFor(['good']);
  const result = await run(backend, 'garbage', ['true']);
  const error = result.error;
  assert.ok(error instanceof ProtocolError);
  assert.equal(error.code, 'PODEXEC_PROTOCOL_ERROR');
  assert.equal(error.message, 'Invalid exec protocol message: status channel message is not a Kubernetes Status object: "not json"');
  assert.equal(error.pod, 'garbage');
  await backend.close();
});

test('unknown channel is ignored', async () => {
  const { backend } = backendFor(['good']);
  const result = await run(backend, 'chatty', ['true']);
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.toString('utf8'), 'ok');
  assert.equal(result.stderr.length, 0);
  await backend.close();
});

test('server that never closes settles after the grace', async () => {
  const { backend } = backendFor(['good'], { statusGraceMs: 50 });
  const result = await run(backend, 'lingering', ['true']);
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.toString('utf8'), 'done');
  await backend.close();
});

test('kubelet error after the upgrade is typed', async () => {
  const { backend } = backendFor(['good']);
  const result = await run(backend, 'kubelet-error', ['true']);
  const error = result.error;
  assert.ok(error instanceof ContainerNotFoundError);
  assert.equal(error.code, 'PODEXEC_CONTAINER_NOT_FOUND');
  assert.deepEqual(error.validContainers, ['main']);
  assert.equal(error.serverMessage, 'unable to upgrade connection: container not found ("main")');
  await backend.close();
});

test('401 with renewed credentials retries once', async () => {
  const { backend, connection } = backendFor(['stale', 'good']);
  const before = server.tokens.length;
  const result = await run(backend, 'plain', ['true']);
  assert.equal(result.error, undefined);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.toString('utf8'), 'hello');
  assert.equal(connection.invalidations, 1);
  assert.deepEqual(server.tokens.slice(before), ['stale', 'stale', 'good']);
  await backend.close();
});

test('401 with unchanged credentials does not retry', async () => {
  const { backend, connection } = backendFor(['bad']);
  const before = server.tokens.length;
  const error = await run(backend, 'plain', ['true']).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof UnauthorizedError);
  assert.equal(error.httpStatus, 401);
  assert.equal(connection.invalidations, 1);
  assert.deepEqual(server.tokens.slice(before), ['bad', 'bad']);
  await backend.close();
});
