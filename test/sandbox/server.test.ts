import assert from 'node:assert/strict';
import { connect as tlsConnect } from 'node:tls';
import { connect as netConnect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { sandboxRequest, startTestSandbox } from '../helpers/sandbox.js';
import type { TestSandbox } from '../helpers/sandbox.js';

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: { name: alpha, labels: { app: web, tier: front } }
spec: { containers: [{ name: main, image: busybox }] }
---
apiVersion: v1
kind: Pod
metadata: { name: beta, labels: { app: web, tier: back } }
spec: { containers: [{ name: main, image: busybox }] }
---
apiVersion: v1
kind: Pod
metadata: { name: gamma, labels: { app: db } }
spec: { containers: [{ name: main, image: busybox }] }
status: { phase: Succeeded }
---
apiVersion: v1
kind: Pod
metadata: { name: delta, namespace: other }
spec: { containers: [{ name: main, image: busybox }] }
`;

function portOf(t: TestSandbox): number {
  return Number(new URL(t.sandbox.url).port);
}

function podNames(body: string): string[] {
  const list = JSON.parse(body) as { items: Array<{ metadata: { name: string } }> };
  return list.items.map((item) => item.metadata.name);
}

describe('sandbox API server', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startTestSandbox(MANIFESTS);
  });
  after(async () => {
    await t.stop();
  });

  test('version reports v1.31', async () => {
    const res = await sandboxRequest(t.sandbox, '/version');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    const version = JSON.parse(res.body) as { gitVersion: string; major: string; minor: string };
    assert.equal(version.gitVersion, 'v1.31.0');
    assert.equal(version.major, '1');
    assert.equal(version.minor, '31');
  });

  test('missing token returns 401 Status', async () => {
    const res = await sandboxRequest(t.sandbox, '/api/v1/pods', { token: null });
    assert.equal(res.status, 401);
    assert.deepEqual(JSON.parse(res.body), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  test('wrong token returns 401 Status', async () => {
    for (const token of ['wrong', `${t.sandbox.token}x`, t.sandbox.token.slice(1)]) {
      const res = await sandboxRequest(t.sandbox, '/version', { token });
      assert.equal(res.status, 401, `token ${token}`);
      assert.equal((JSON.parse(res.body) as { reason: string }).reason, 'Unauthorized');
    }
  });

  test('exec upgrade without token gets raw 401', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: portOf(t), ca: t.sandbox.caPem, servername: 'localhost' }, () => {
        socket.write(
          'GET /api/v1/namespaces/default/pods/alpha/exec?command=true&stdout=1 HTTP/1.1\r\n' +
            'Host: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n',
        );
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 401 /);
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    assert.equal((JSON.parse(body) as { code: number; reason: string }).code, 401);
  });

  test('TLS fails without the sandbox CA', async () => {
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const req = httpsRequest(`${t.sandbox.url}/version`, { agent: false, headers: { authorization: `Bearer ${t.sandbox.token}` } });
      req.on('error', resolve);
      req.on('response', () => resolve(new Error('request unexpectedly succeeded') as NodeJS.ErrnoException));
      req.end();
    });
    assert.equal(error.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  test('certificate valid for localhost', async () => {
    const authorized = await new Promise<boolean>((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: portOf(t), ca: t.sandbox.caPem, servername: 'localhost' }, () => {
        resolve(socket.authorized);
        socket.end();
      });
      socket.on('error', reject);
    });
    assert.equal(authorized, true);
  });

  test('listens on 127.0.0.1 only', async () => {
    for (const host of ['127.0.0.2', '::1']) {
      const code = await new Promise<string | undefined>((resolve) => {
        const socket = netConnect({ host, port: portOf(t) });
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code));
      });
      assert.ok(code === 'ECONNREFUSED' || code === 'EADDRNOTAVAIL' || code === 'ENETUNREACH', `${host}: ${code}`);
    }
  });

  test('missing pod returns API server 404', async () => {
    const res = await sandboxRequest(t.sandbox, '/api/v1/namespaces/default/pods/x');
    assert.equal(res.status, 404);
    assert.equal(
      res.body,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"x\\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}',
    );
  });

  test('missing deployment names its group', async () => {
    const res = await sandboxRequest(t.sandbox, '/apis/apps/v1/namespaces/default/deployments/web');
    assert.equal(res.status, 404);
    const status = JSON.parse(res.body) as { message: string; details: { group: string; kind: string } };
    assert.equal(status.message, 'deployments.apps "web" not found');
    assert.deepEqual(status.details, { name: 'web', group: 'apps', kind: 'deployments' });
  });

  test('unknown path returns 404 Status', async () => {
    for (const path of ['/api/v2', '/apis/extensions/v1beta1', '/api/v1/secrets', '/openapi/v2', '/api/v1/namespaces/default/pods/alpha/log']) {
      const res = await sandboxRequest(t.sandbox, path);
      assert.equal(res.status, 404, path);
      assert.equal((JSON.parse(res.body) as { reason: string }).reason, 'NotFound', path);
    }
  });

  test('write verbs return 405', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await sandboxRequest(t.sandbox, '/api/v1/namespaces/default/pods/alpha', { method });
      assert.equal(res.status, 405, method);
      assert.equal((JSON.parse(res.body) as { reason: string }).reason, 'MethodNotAllowed', method);
    }
  });

  test('watch returns 405', async () => {
    const res = await sandboxRequest(t.sandbox, '/api/v1/namespaces/default/pods?watch=true');
    assert.equal(res.status, 405);
    const status = JSON.parse(res.body) as { reason: string; details: { causes: Array<{ message: string }> } };
    assert.equal(status.reason, 'MethodNotAllowed');
    assert.equal(status.details.causes[0]?.message, 'watch is not supported by the podexec sandbox, whose API is read-only and has no watch');
  });

  test('discovery lists pods and workloads', async () => {
    const core = JSON.parse((await sandboxRequest(t.sandbox, '/api/v1')).body) as { resources: Array<Record<string, unknown>> };
    const pods = core.resources.find((resource) => resource.name === 'pods');
    assert.deepEqual(pods, { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'], categories: ['all'] });
    const apps = JSON.parse((await sandboxRequest(t.sandbox, '/apis/apps/v1')).body) as { resources: Array<{ name: string; shortNames?: string[] }> };
    assert.deepEqual(apps.resources.map((resource) => [resource.name, resource.shortNames]), [
      ['deployments', ['deploy']],
      ['replicasets', ['rs']],
      ['statefulsets', ['sts']],
    ]);
    const groups = JSON.parse((await sandboxRequest(t.sandbox, '/apis')).body) as { groups: Array<{ name: string }> };
    assert.deepEqual(groups.groups.map((group) => group.name), ['apps', 'batch']);
    const api = JSON.parse((await sandboxRequest(t.sandbox, '/api')).body) as { versions: string[] };
    assert.deepEqual(api.versions, ['v1']);
  });

  test('health endpoints return ok', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await sandboxRequest(t.sandbox, path);
      assert.equal(res.status, 200);
      assert.equal(res.body, 'ok');
    }
  });

  test('pod list per namespace and cluster-wide', async () => {
    assert.deepEqual(podNames((await sandboxRequest(t.sandbox, '/api/v1/namespaces/default/pods')).body), ['alpha', 'beta', 'gamma']);
    assert.deepEqual(podNames((await sandboxRequest(t.sandbox, '/api/v1/namespaces/other/pods')).body), ['delta']);
    assert.deepEqual(podNames((await sandboxRequest(t.sandbox, '/api/v1/namespaces/none/pods')).body), []);
    assert.deepEqual(podNames((await sandboxRequest(t.sandbox, '/api/v1/pods')).body), ['alpha', 'beta', 'gamma', 'delta']);
    const list = JSON.parse((await sandboxRequest(t.sandbox, '/api/v1/pods')).body) as { kind: string; apiVersion: string };
    assert.equal(list.kind, 'PodList');
    assert.equal(list.apiVersion, 'v1');
  });

  test('label selectors filter pods', async () => {
    const cases: Array<[string, string[]]> = [
      ['app=web', ['alpha', 'beta']],
      ['app==web', ['alpha', 'beta']],
      ['app!=web', ['gamma', 'delta']],
      ['app=web,tier=back', ['beta']],
      ['tier in (front,back)', ['alpha', 'beta']],
      ['tier notin (front)', ['beta', 'gamma', 'delta']],
      ['tier', ['alpha', 'beta']],
      ['!tier', ['gamma', 'delta']],
      ['app in (db, web),!tier', ['gamma']],
    ];
    for (const [selector, expected] of cases) {
      const res = await sandboxRequest(t.sandbox, `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`);
      assert.equal(res.status, 200, selector);
      assert.deepEqual(podNames(res.body), expected, selector);
    }
  });

  test('invalid label selector returns 400', async () => {
    const res = await sandboxRequest(t.sandbox, `/api/v1/pods?labelSelector=${encodeURIComponent('app in web')}`);
    assert.equal(res.status, 400);
    const status = JSON.parse(res.body) as { reason: string; message: string };
    assert.equal(status.reason, 'BadRequest');
    assert.match(status.message, /invalid label selector requirement "app in web"/);
  });

  test('field selectors filter pods', async () => {
    const cases: Array<[string, string[]]> = [
      ['metadata.name=beta', ['beta']],
      ['metadata.namespace=other', ['delta']],
      ['status.phase=Succeeded', ['gamma']],
      ['status.phase!=Succeeded,spec.nodeName=sandbox', ['alpha', 'beta', 'delta']],
    ];
    for (const [selector, expected] of cases) {
      const res = await sandboxRequest(t.sandbox, `/api/v1/pods?fieldSelector=${encodeURIComponent(selector)}`);
      assert.deepEqual(podNames(res.body), expected, selector);
    }
    const res = await sandboxRequest(t.sandbox, `/api/v1/pods?fieldSelector=${encodeURIComponent('spec.foo=1')}`);
    assert.equal(res.status, 400);
    assert.equal((JSON.parse(res.body) as { message: string }).message, 'field label not supported: spec.foo');
  });

  test('Table form for kubectl get', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const res = await sandboxRequest(t.sandbox, '/api/v1/namespaces/default/pods', { headers: { accept } });
    const table = JSON.parse(res.body) as {
      kind: string;
      columnDefinitions: Array<{ name: string }>;
      rows: Array<{ cells: unknown[]; object: { kind: string; metadata: { name: string } } }>;
    };
    assert.equal(table.kind, 'Table');
    assert.deepEqual(table.columnDefinitions.map((column) => column.name).slice(0, 5), ['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    assert.deepEqual(table.rows.map((row) => row.cells.slice(0, 4)), [
      ['alpha', '1/1', 'Running', '0'],
      ['beta', '1/1', 'Running', '0'],
      ['gamma', '0/1', 'Completed', '0'],
    ]);
    assert.equal(table.rows[0]?.object.kind, 'PartialObjectMetadata');
    assert.equal(table.rows[0]?.object.metadata.name, 'alpha');

    const full = JSON.parse((await sandboxRequest(t.sandbox, '/api/v1/namespaces/default/pods/alpha?includeObject=Object', { headers: { accept } })).body) as {
      rows: Array<{ object: { kind: string } }>;
    };
    assert.equal(full.rows[0]?.object.kind, 'Pod');
  });

  test('running pod has kubelet-like status', async () => {
    const pod = JSON.parse((await sandboxRequest(t.sandbox, '/api/v1/namespaces/default/pods/alpha')).body) as {
      metadata: { uid: string; resourceVersion: string; creationTimestamp: string };
      spec: { nodeName: string };
      status: { phase: string; podIP: string; conditions: Array<{ type: string; status: string }>; containerStatuses: Array<{ ready: boolean; state: Record<string, unknown> }> };
    };
    assert.match(pod.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(pod.metadata.resourceVersion, /^\d+$/);
    assert.match(pod.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(pod.spec.nodeName, 'sandbox');
    assert.equal(pod.status.phase, 'Running');
    assert.match(pod.status.podIP, /^127\./);
    assert.equal(pod.status.conditions.find((condition) => condition.type === 'Ready')?.status, 'True');
    assert.equal(pod.status.containerStatuses[0]?.ready, true);
    assert.ok(pod.status.containerStatuses[0]?.state.running);
  });

  test('namespaces are listed', async () => {
    const list = JSON.parse((await sandboxRequest(t.sandbox, '/api/v1/namespaces')).body) as { items: Array<{ metadata: { name: string } }> };
    assert.deepEqual(list.items.map((item) => item.metadata.name), ['default', 'other']);
    const res = await sandboxRequest(t.sandbox, '/api/v1/namespaces/other');
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body) as { kind: string }).kind, 'Namespace');
  });
});
