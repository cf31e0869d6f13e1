/** Target resolution against the sandbox: workloads to ready pods, and the typed failures. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApiClient } from '../../src/api/client.js';
import type { ApiClient } from '../../src/api/client.js';
import { InvalidOptionError, NoReadyPodError, TargetNotFoundError } from '../../src/core/errors.js';
import { resolveTarget } from '../../src/targets/resolve.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import type { TestSandbox } from '../helpers/sandbox.js';

const MANIFEST = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: { app: db }
    matchExpressions: [{ key: role, operator: In, values: [primary, replica] }]
  template:
    metadata: { labels: { app: db, role: primary } }
    spec:
      containers: [{ name: postgres, image: postgres }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: busybox }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: pending, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: pending } }
  template:
    metadata:
      labels: { app: pending }
      annotations: { sandbox.podexec.io/unscheduled: "true" }
    spec:
      containers: [{ name: main, image: busybox }]
`;

let sandbox: TestSandbox;
let api: ApiClient;

before(async () => {
  sandbox = await startTestSandbox(MANIFEST);
  api = createApiClient({
    server: sandbox.sandbox.url,
    contextName: 'test',
    namespace: 'default',
    ca: Buffer.from(sandbox.sandbox.caPem),
    insecureSkipTlsVerify: false,
    tlsServerName: undefined,
    source: 'test',
    credentials: async () => ({ token: sandbox.sandbox.token }),
    invalidateCredentials: () => {},
  });
});

after(async () => {
  api.close();
  await sandbox.stop();
});

async function podLabels(namespace: string, pod: string): Promise<Record<string, string>> {
  return (await api.getPod(namespace, pod)).metadata.labels;
}

test('bare name and pod/NAME stay as given', async () => {
  assert.deepEqual(await resolveTarget(api, 'anything-0', 'shop'), { pod: 'anything-0', namespace: 'shop' });
  assert.deepEqual(await resolveTarget(api, 'pod/anything-0', 'shop'), { pod: 'anything-0', namespace: 'shop' });
});

test('deploy/NAME resolves to one of its pods', async () => {
  const resolved = await resolveTarget(api, 'deploy/web', 'shop');
  assert.equal(resolved.namespace, 'shop');
  assert.match(resolved.pod, /^web-/);
  assert.equal((await podLabels('shop', resolved.pod)).app, 'web');
  // The choice is stable, so repeated runs land on the same pod.
  assert.deepEqual(await resolveTarget(api, 'deployment.apps/web', 'shop'), resolved);
});

test('sts/NAME resolves with match expressions', async () => {
  const resolved = await resolveTarget(api, 'sts/db', 'shop');
  assert.match(resolved.pod, /^db-[01]$/);
});

test('job/NAME resolves to its pod', async () => {
  const resolved = await resolveTarget(api, 'job/migrate', 'shop');
  assert.match(resolved.pod, /^migrate-/);
  assert.equal((await podLabels('shop', resolved.pod))['job-name'], 'migrate');
});

test('rs/NAME resolves to a pod of that replica set', async () => {
  const list = (await api.getJson('/apis/apps/v1/namespaces/shop/replicasets')) as { items: Array<{ metadata: { name: string } }> };
  const name = list.items.map((item) => item.metadata.name).find((candidate) => candidate.startsWith('web-'));
  assert.ok(name, 'the web deployment has a replica set');
  const resolved = await resolveTarget(api, `rs/${name}`, 'shop');
  assert.ok(resolved.pod.startsWith(`${name}-`), `${resolved.pod} belongs to ${name}`);
});

test('missing workload rejects with TargetNotFoundError', async () => {
  const error = await resolveTarget(api, 'deploy/nothing', 'shop').then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof TargetNotFoundError);
  assert.equal(error.code, 'PODEXEC_TARGET_NOT_FOUND');
  assert.equal(error.kind, 'Deployment');
  assert.equal(error.target, 'deploy/nothing');
  assert.equal(error.namespace, 'shop');
  assert.equal(error.httpStatus, 404);
  assert.equal(error.message, 'Deployment nothing not found in namespace shop (target deploy/nothing). Check the name and the namespace.');
});

test('workload without ready pods rejects with NoReadyPodError', async () => {
  const error = await resolveTarget(api, 'deploy/pending', 'shop').then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof NoReadyPodError);
  assert.equal(error.code, 'PODEXEC_NO_READY_POD');
  assert.equal(error.target, 'deploy/pending');
  assert.equal(error.selector, 'app=pending');
  assert.equal(error.namespace, 'shop');
  assert.equal(error.skipped.length, 2);
  for (const entry of error.skipped) assert.match(entry, /^pending-[a-z0-9-]+: phase Pending$/);
  assert.match(error.message, /^No running and ready pod for deploy\/pending in namespace shop \(selector app=pending\): pending-/);
});

test('unknown kind rejects before any request', async () => {
  const error = await resolveTarget(api, 'svc/web', 'shop').then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof InvalidOptionError);
  assert.equal(error.code, 'PODEXEC_INVALID_OPTION');
  assert.equal(error.option, 'target');
  assert.equal(error.received, 'svc/web');
  assert.equal(
    error.message,
    'Invalid option "target": expected a pod name or KIND/NAME with KIND one of pod, deploy, sts, rs, job, ' +
      'received the string "svc/web". Unknown kind "svc".',
  );
});
