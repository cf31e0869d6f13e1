/** Typed failures of the kube backend: pre-flight, refused upgrades and start failures. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Backend } from '../../../src/backends/types.js';
import {
  ContainerNotRunningError,
  CommandStartError,
  ContainerNotFoundError,
  ForbiddenError,
  PodNotFoundError,
  PodNotRunningError,
  PodNotScheduledError,
  RateLimitedError,
  UnauthorizedError,
  UpgradeFailedError,
} from '../../../src/core/errors.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { createKubeBackend, run } from './helpers.js';

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata: { name: box, namespace: default }
spec:
  containers: [{ name: main, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata:
  name: duo
  namespace: default
  annotations: { kubectl.kubernetes.io/default-container: sidecar }
spec:
  containers: [{ name: app, image: busybox }, { name: sidecar, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata: { name: pair, namespace: default }
spec:
  initContainers: [{ name: setup, image: busybox }]
  containers: [{ name: first, image: busybox }, { name: second, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata: { name: done, namespace: default }
spec:
  restartPolicy: Never
  containers: [{ name: main, image: busybox }]
status: { phase: Succeeded }
---
apiVersion: v1
kind: Pod
metadata:
  name: waiting
  namespace: default
  annotations: { sandbox.podexec.io/unscheduled: "true" }
spec:
  containers: [{ name: main, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata:
  name: throttled
  namespace: default
  annotations: { sandbox.podexec.io/faults: "upgrade-status=429,retry-after-seconds=7" }
spec:
  containers: [{ name: main, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata:
  name: guarded
  namespace: default
  annotations: { sandbox.podexec.io/faults: "upgrade-status=403" }
spec:
  containers: [{ name: main, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata:
  name: flaky
  namespace: default
  annotations: { sandbox.podexec.io/faults: "upgrade-status=503" }
spec:
  containers: [{ name: main, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata:
  name: doomed
  namespace: default
spec:
  containers: [{ name: main, image: busybox }]
`;

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

function exec(pod: string, argv: string[], container?: string, target: Backend = backend) {
  return target.exec({
    pod,
    namespace: 'default',
    container,
    argv,
    stdin: false,
    tty: false,
    signal: new AbortController().signal,
  });
}

test('missing pod rejects with PodNotFoundError', async () => {
  const error = await exec('ghost', ['true']).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof PodNotFoundError);
  assert.equal(error.code, 'PODEXEC_POD_NOT_FOUND');
  assert.equal(error.message, 'Pod ghost not found in namespace default.');
  assert.equal(error.pod, 'ghost');
  assert.equal(error.namespace, 'default');
  assert.equal(error.command, 'true');
  assert.equal(error.httpStatus, 404);
  assert.equal(error.reason, 'NotFound');
  assert.equal(error.serverMessage, 'pods "ghost" not found');
});

test('unknown container lists the valid names', async () => {
  const error = await exec('pair', ['true'], 'third').then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof ContainerNotFoundError);
  assert.equal(error.code, 'PODEXEC_CONTAINER_NOT_FOUND');
  assert.equal(
    error.message,
    'Container third not found in pod pair (namespace default). Valid containers: first, second, setup.',
  );
  assert.deepEqual(error.validContainers, ['first', 'second', 'setup']);
  assert.equal(error.container, 'third');
  assert.equal(error.pod, 'pair');
});

test('completed init container is not running', async () => {
  const error = await exec('pair', ['true'], 'setup').then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof ContainerNotRunningError);
  assert.equal(error.code, 'PODEXEC_CONTAINER_NOT_RUNNING');
  assert.equal(
    error.message,
    'Container setup of pod pair (namespace default) is terminated, not running, so it cannot run commands. ' +
      'Running containers: first, second.',
  );
  assert.equal(error.state, 'terminated');
  assert.deepEqual(error.runningContainers, ['first', 'second']);
  assert.equal(error.container, 'setup');
  assert.equal(error.pod, 'pair');
  assert.equal(error.namespace, 'default');
});

test('completed pod rejects with its phase', async () => {
  const error = await exec('done', ['true']).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof PodNotRunningError);
  assert.equal(error.code, 'PODEXEC_POD_NOT_RUNNING');
  assert.equal(error.phase, 'Succeeded');
  assert.equal(error.message, 'Cannot exec into pod done (namespace default): its phase is Succeeded, not Running.');
  assert.equal(error.pod, 'done');
});

test('unscheduled pod rejects with PodNotScheduledError', async () => {
  const error = await exec('waiting', ['true']).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof PodNotScheduledError);
  assert.equal(error.code, 'PODEXEC_POD_NOT_SCHEDULED');
  assert.equal(error.message, 'Pod waiting (namespace default) has no node assigned yet; wait until it is scheduled.');
  assert.equal(error.pod, 'waiting');
  assert.equal(error.namespace, 'default');
});

test('missing executable rejects exit with CommandStartError', async () => {
  const result = await run(backend, 'box', ['no-such-tool-here', '--flag']);
  const error = result.error;
  assert.ok(error instanceof CommandStartError);
  assert.equal(error.code, 'PODEXEC_COMMAND_START_FAILED');
  assert.equal(error.notFound, true);
  assert.equal(error.pod, 'box');
  assert.equal(error.container, 'main');
  assert.equal(error.command, 'no-such-tool-here --flag');
  assert.equal(error.reason, 'InternalError');
  assert.match(error.serverMessage ?? '', /executable file not found in \$PATH/);
  assert.match(error.message, /^Command could not start in pod box \(namespace default, container main\): no-such-tool-here --flag\n/);
  assert.equal(result.exitCode, undefined);
});

test('wrong token rejects with UnauthorizedError', async () => {
  const path = join(sandbox.dir, 'wrong-token.kubeconfig');
  await writeFile(path, sandbox.sandbox.kubeconfig.replace(sandbox.sandbox.token, 'not-the-token'));
  const wrong = createKubeBackend({ kubeconfig: path });
  try {
    const error = await exec('box', ['true'], undefined, wrong).then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof UnauthorizedError);
    assert.equal(error.code, 'PODEXEC_UNAUTHORIZED');
    assert.equal(error.httpStatus, 401);
    assert.equal(error.pod, 'box');
    assert.equal(error.command, 'true');
    assert.match(error.message, /^The API server rejected the credentials \(401 Unauthorized\)/);
  } finally {
    await wrong.close();
  }
});

test('default container from annotation noted in diagnostics', async () => {
  const result = await run(backend, 'duo', ['sh', '-c', 'echo "$HOSTNAME"']);
  assert.equal(result.exitCode, 0);
  assert.equal(result.session.container, 'sidecar');
  assert.deepEqual(result.session.diagnostics, [
    'No container given; using container "sidecar" (annotation kubectl.kubernetes.io/default-container) of pod duo, ' +
      'which has: app, sidecar. Choose another with the container option or -c.',
  ]);
  assert.equal(result.stdout.toString('utf8'), 'duo\n');
  assert.equal(result.stderr.length, 0);
});

test('first container is the default without annotation', async () => {
  const result = await run(backend, 'pair', ['true']);
  assert.equal(result.exitCode, 0);
  assert.equal(result.session.container, 'first');
  assert.equal(result.session.diagnostics.length, 1);
  assert.match(result.session.diagnostics[0] ?? '', /using container "first" \(the first container\)/);
});

test('throttled upgrade rejects with RateLimitedError', async () => {
  const error = await exec('throttled', ['true']).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof RateLimitedError);
  assert.equal(error.code, 'PODEXEC_RATE_LIMITED');
  assert.equal(error.retryAfterSeconds, 7);
  assert.equal(error.httpStatus, 429);
  assert.equal(error.message, 'The API server throttled the request (HTTP 429); retry after 7 s.');
  assert.equal(error.pod, 'throttled');
  assert.equal(error.container, 'main');
});

test('forbidden upgrade carries the server message', async () => {
  const error = await exec('guarded', ['true']).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof ForbiddenError);
  assert.equal(error.code, 'PODEXEC_FORBIDDEN');
  assert.equal(error.httpStatus, 403);
  assert.match(error.serverMessage ?? '', /failed with HTTP 403 by fault injection/);
  assert.ok(error.message.startsWith('Forbidden to exec in pod guarded (namespace default): upgrade attempt'));
});

test('other upgrade status rejects with UpgradeFailedError', async () => {
  const error = await exec('flaky', ['true']).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof UpgradeFailedError);
  assert.equal(error.code, 'PODEXEC_UPGRADE_FAILED');
  assert.equal(error.httpStatus, 503);
  assert.equal(error.reason, 'ServiceUnavailable');
  assert.match(error.message, /^Exec request for pod flaky \(namespace default\) failed with HTTP 503: upgrade attempt/);
});

test('pod deleted after the cached pre-flight fails at the upgrade', async () => {
  const cached = createKubeBackend({ kubeconfig: sandbox.kubeconfigPath, podCacheTtlMs: 60_000 });
  try {
    const first = await run(cached, 'doomed', ['true']);
    assert.equal(first.exitCode, 0);
    await sandbox.sandbox.deletePod('default', 'doomed');
    const error = await exec('doomed', ['true'], undefined, cached).then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof PodNotFoundError);
    assert.equal(error.httpStatus, 404);
    assert.equal(error.container, 'main');
    assert.equal(error.serverMessage, 'pods "doomed" not found');
  } finally {
    await cached.close();
  }
});
