import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManifestError, startSandbox } from '../../src/sandbox/index.js';
import { sandboxRequest, startTestSandbox } from '../helpers/sandbox.js';
import type { TestSandbox } from '../helpers/sandbox.js';

interface Meta {
  name: string;
  namespace: string;
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller: boolean }>;
}
interface Obj {
  metadata: Meta;
  spec: Record<string, unknown> & { nodeName?: string; selector?: { matchLabels: Record<string, string> } };
  status: Record<string, unknown>;
}

async function getJson<T = Obj>(t: TestSandbox, path: string): Promise<T> {
  const res = await sandboxRequest(t.sandbox, path);
  assert.equal(res.status, 200, `${path}: ${res.body}`);
  return JSON.parse(res.body) as T;
}

async function listPods(t: TestSandbox, namespace: string, selector?: string): Promise<Obj[]> {
  const query = selector ? `?labelSelector=${encodeURIComponent(selector)}` : '';
  return (await getJson<{ items: Obj[] }>(t, `/api/v1/namespaces/${namespace}/pods${query}`)).items;
}

const WORKLOADS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: nginx }] }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  serviceName: db
  replicas: 2
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: pg, image: postgres }] }
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
apiVersion: v1
kind: Pod
metadata: { name: done, namespace: shop }
spec: { containers: [{ name: main, image: busybox }] }
status: { phase: Succeeded }
---
apiVersion: v1
kind: Pod
metadata:
  name: waiting
  namespace: shop
  annotations: { sandbox.podexec.io/unscheduled: "true" }
spec: { containers: [{ name: main, image: busybox }] }
---
apiVersion: v1
kind: Pod
metadata: { name: multi, namespace: shop }
spec:
  initContainers: [{ name: setup, image: busybox }]
  containers: [{ name: a, image: busybox }, { name: b, image: busybox }]
`;

describe('sandbox workloads', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox(WORKLOADS);
  });
  after(async () => {
    await t.stop();
  });

  test('deployment pods, replicaset and labels', async () => {
    const deployment = await getJson(t, '/apis/apps/v1/namespaces/shop/deployments/web');
    assert.deepEqual(deployment.status, { ...deployment.status, replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });

    const replicaSets = (await getJson<{ items: Obj[] }>(t, '/apis/apps/v1/namespaces/shop/replicasets')).items;
    assert.equal(replicaSets.length, 1);
    const replicaSet = replicaSets[0] as Obj;
    const hash = replicaSet.metadata.labels?.['pod-template-hash'] as string;
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    assert.equal(replicaSet.metadata.name, `web-${hash}`);
    assert.deepEqual(replicaSet.metadata.ownerReferences, [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deployment.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    assert.deepEqual(replicaSet.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });

    const pods = await listPods(t, 'shop', 'app=web');
    assert.equal(pods.length, 3);
    for (const pod of pods) {
      assert.match(pod.metadata.name, new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      assert.deepEqual(pod.metadata.labels, { app: 'web', 'pod-template-hash': hash });
      assert.equal(pod.metadata.ownerReferences?.[0]?.kind, 'ReplicaSet');
      assert.equal(pod.metadata.ownerReferences?.[0]?.uid, replicaSet.metadata.uid);
      assert.equal(pod.status.phase, 'Running');
    }
    assert.equal(new Set(pods.map((pod) => pod.metadata.name)).size, 3);
  });

  test('statefulset pods are numbered', async () => {
    const statefulSet = await getJson(t, '/apis/apps/v1/namespaces/shop/statefulsets/db');
    const revision = statefulSet.status.currentRevision as string;
    assert.match(revision, /^db-[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    assert.equal(statefulSet.status.readyReplicas, 2);
    const pods = await listPods(t, 'shop', 'app=db');
    assert.deepEqual(pods.map((pod) => pod.metadata.name), ['db-0', 'db-1']);
    for (const [i, pod] of pods.entries()) {
      assert.deepEqual(pod.metadata.labels, {
        app: 'db',
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': `db-${i}`,
      });
      assert.equal(pod.metadata.ownerReferences?.[0]?.kind, 'StatefulSet');
      assert.equal(pod.metadata.ownerReferences?.[0]?.uid, statefulSet.metadata.uid);
      assert.equal(pod.spec.hostname, `db-${i}`);
      assert.equal(pod.spec.subdomain, 'db');
    }
  });

  test('job pod has job labels', async () => {
    const job = await getJson(t, '/apis/batch/v1/namespaces/shop/jobs/migrate');
    assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata.uid } });
    const pods = await listPods(t, 'shop', 'job-name=migrate');
    assert.equal(pods.length, 1);
    const pod = pods[0] as Obj;
    assert.match(pod.metadata.name, /^migrate-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(pod.metadata.labels?.['batch.kubernetes.io/job-name'], 'migrate');
    assert.equal(pod.metadata.labels?.['controller-uid'], job.metadata.uid);
    assert.equal(pod.metadata.ownerReferences?.[0]?.kind, 'Job');
    assert.equal(job.status.active, 1);
  });

  test('succeeded pod phase is served', async () => {
    const pod = await getJson(t, '/api/v1/namespaces/shop/pods/done');
    assert.equal(pod.status.phase, 'Succeeded');
    const statuses = pod.status.containerStatuses as Array<{ ready: boolean; state: { terminated?: { reason: string; exitCode: number } } }>;
    assert.equal(statuses[0]?.ready, false);
    assert.deepEqual([statuses[0]?.state.terminated?.reason, statuses[0]?.state.terminated?.exitCode], ['Completed', 0]);
  });

  test('unscheduled pod has no node', async () => {
    const pod = await getJson(t, '/api/v1/namespaces/shop/pods/waiting');
    assert.equal(pod.status.phase, 'Pending');
    assert.equal(pod.spec.nodeName, undefined);
    assert.equal(pod.status.containerStatuses, undefined);
  });

  test('init containers are completed', async () => {
    const pod = await getJson(t, '/api/v1/namespaces/shop/pods/multi');
    const init = pod.status.initContainerStatuses as Array<{ name: string; state: { terminated: { reason: string } } }>;
    assert.deepEqual(init.map((status) => [status.name, status.state.terminated.reason]), [['setup', 'Completed']]);
    assert.deepEqual((pod.status.containerStatuses as Array<{ name: string }>).map((status) => status.name), ['a', 'b']);
  });

  test('apply and deletePod change the pods', async () => {
    await t.sandbox.apply('apiVersion: v1\nkind: Pod\nmetadata: { name: late, namespace: shop }\nspec: { containers: [{ name: main, image: busybox }] }\n');
    assert.equal((await getJson(t, '/api/v1/namespaces/shop/pods/late')).status.phase, 'Running');
    await t.sandbox.deletePod('shop', 'late');
    assert.equal((await sandboxRequest(t.sandbox, '/api/v1/namespaces/shop/pods/late')).status, 404);
    await assert.rejects(t.sandbox.deletePod('shop', 'late'), { name: 'PodNotFoundError', code: 'PODEXEC_POD_NOT_FOUND', pod: 'late', namespace: 'shop' });
  });

  test('duplicate pod is rejected', async () => {
    await assert.rejects(
      t.sandbox.apply('apiVersion: v1\nkind: Pod\nmetadata: { name: done, namespace: shop }\nspec: { containers: [{ name: main, image: busybox }] }\n'),
      (error: unknown) => {
        assert.ok(error instanceof ManifestError);
        assert.equal(error.code, 'PODEXEC_SANDBOX_MANIFEST_INVALID');
        assert.equal(error.message, 'Invalid sandbox manifest (inline, document 0, field metadata.name): pods "done" already exists in namespace shop');
        return true;
      },
    );
  });
});

describe('sandbox manifest files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podexec-manifests-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('folder manifests load in name order', async () => {
    const folder = join(dir, 'ok');
    await mkdir(folder);
    await writeFile(join(folder, '20-pod.yml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: second, namespace: team }\nspec: { containers: [{ name: c, image: i }] }\n');
    await writeFile(join(folder, '10-ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: { name: team }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: first, namespace: team }\nspec: { containers: [{ name: c, image: i }] }\n');
    await writeFile(join(folder, 'notes.txt'), 'not a manifest');
    const t = await startTestSandbox(undefined, { manifests: [folder] });
    try {
      assert.deepEqual((await listPods(t, 'team')).map((pod) => pod.metadata.name), ['first', 'second']);
      assert.equal((await listPods(t, 'default')).length, 0);
    } finally {
      await t.stop();
    }
  });

  const INVALID: Array<[string, string, number, string, string]> = [
    [
      'missing-name.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: ok }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [{ image: busybox }] }\n',
      1,
      'spec.containers[0].name',
      'required field is missing',
    ],
    ['kind.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: s }\n', 0, 'kind', 'unsupported kind "Service"; the sandbox serves Namespace, Pod, Deployment, StatefulSet, Job and List'],
    ['version.yaml', 'apiVersion: v1\nkind: Deployment\nmetadata: { name: d }\n', 0, 'apiVersion', 'Deployment needs apiVersion apps/v1, found "v1"'],
    [
      'selector.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec:\n  selector: { matchLabels: { app: x } }\n  template:\n    metadata: { labels: { app: y } }\n    spec: { containers: [{ name: c, image: i }] }\n',
      0,
      'spec.selector',
      '`selector` does not match template `labels`',
    ],
    [
      'env.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: c\n      image: i\n      env: [{ name: A, valueFrom: { secretKeyRef: { name: s, key: k } } }]\n',
      0,
      'spec.containers[0].env[0].valueFrom',
      'only valueFrom.fieldRef is supported by the sandbox; give the value inline with "value"',
    ],
    ['label.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, labels: { n: 1 } }\nspec: { containers: [{ name: c, image: i }] }\n', 0, 'metadata.labels.n', 'expected a string value, found number 1; quote it in YAML'],
    ['phase.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [{ name: c, image: i }] }\nstatus: { phase: Done }\n', 0, 'status.phase', 'unknown phase "Done"; use one of Pending, Running, Succeeded, Failed, Unknown'],
    ['name.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: { name: Bad_Name }\nspec: { containers: [{ name: c, image: i }] }\n', 0, 'metadata.name', "invalid name \"Bad_Name\": use at most 253 lowercase letters, digits and '-' or '.', starting and ending with a letter or digit"],
  ];

  for (const [file, text, index, field, problem] of INVALID) {
    test(`invalid manifest ${file}`, async () => {
      const path = join(dir, file);
      await writeFile(path, text);
      await assert.rejects(startSandbox({ manifests: [path] }), (error: unknown) => {
        assert.ok(error instanceof ManifestError, String(error));
        assert.equal(error.code, 'PODEXEC_SANDBOX_MANIFEST_INVALID');
        assert.equal(error.source, path);
        assert.equal(error.documentIndex, index);
        assert.equal(error.field, field);
        assert.equal(error.message, `Invalid sandbox manifest (${path}, document ${index}, field ${field}): ${problem}`);
        return true;
      });
    });
  }

  test('invalid YAML names the line', async () => {
    const path = join(dir, 'syntax.yaml');
    await writeFile(path, 'apiVersion: v1\nkind: Pod\nmetadata: { name: p\n');
    await assert.rejects(startSandbox({ manifests: [path] }), (error: unknown) => {
      assert.ok(error instanceof ManifestError);
      assert.equal(error.field, '');
      assert.match(error.message, new RegExp(`^Invalid sandbox manifest \\(${path}, document 0\\): invalid YAML at line \\d+: `));
      return true;
    });
  });

  test('missing manifest path is reported', async () => {
    const path = join(dir, 'absent.yaml');
    await assert.rejects(startSandbox({ manifests: [path] }), {
      name: 'ManifestError',
      code: 'PODEXEC_SANDBOX_MANIFEST_INVALID',
      message: `Invalid sandbox manifest (${path}, document 0): no such file or folder`,
    });
  });
});
