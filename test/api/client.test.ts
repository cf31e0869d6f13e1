/** The REST client against the sandbox over real TLS: pods, errors and TLS failures. */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createApiClient } from '../../src/api/client.js';
import { ApiRequestError, ConnectError, ForbiddenError, PodNotFoundError, UnauthorizedError } from '../../src/core/errors.js';
import type { ClusterConnection } from '../../src/kubeconfig/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import type { TestSandbox } from '../helpers/sandbox.js';

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: default
  labels: { app: web, tier: front }
  annotations: { kubectl.kubernetes.io/default-container: app }
spec:
  initContainers: [{ name: init, image: busybox }]
  containers: [{ name: app, image: busybox }, { name: log, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata: { name: db-0, namespace: default, labels: { app: db } }
spec:
  containers: [{ name: main, image: busybox }]
`;

let sandbox: TestSandbox;

function connectionFor(overrides: Partial<ClusterConnection> = {}, token?: string): ClusterConnection {
  return {
    server: sandbox.sandbox.url,
    contextName: 'test',
    namespace: 'default',
    ca: Buffer.from(sandbox.sandbox.caPem),
    insecureSkipTlsVerify: false,
    tlsServerName: undefined,
    source: 'test',
    credentials: async () => ({ token: token ?? sandbox.sandbox.token }),
    invalidateCredentials: () => {},
    ...overrides,
  };
}

before(async () => {
  sandbox = await startTestSandbox(MANIFEST);
});

after(async () => {
  await sandbox.stop();
});

test('getPod parses the pod fields exec needs', async () => {
  const api = createApiClient(connectionFor());
  try {
    const pod = await api.getPod('default', 'web-0');
    assert.equal(pod.metadata.name, 'web-0');
    assert.equal(pod.metadata.namespace, 'default');
    assert.deepEqual(pod.metadata.labels, { app: 'web', tier: 'front' });
    assert.equal(pod.metadata.annotations['kubectl.kubernetes.io/default-container'], 'app');
    assert.equal(pod.metadata.deletionTimestamp, undefined);
    assert.deepEqual(pod.spec.containers.map((c) => c.name), ['app', 'log']);
    assert.deepEqual(pod.spec.initContainers.map((c) => c.name), ['init']);
    assert.equal(typeof pod.spec.nodeName, 'string');
    assert.equal(pod.status.phase, 'Running');
    assert.ok(pod.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
    assert.deepEqual(pod.status.containerStatuses.map((s) => s.name), ['app', 'log']);
  } finally {
    api.close();
  }
});

test('listPods filters by label selector', async () => {
  const api = createApiClient(connectionFor());
  try {
    const web = await api.listPods('default', 'app=web,tier in (front)');
    assert.deepEqual(web.map((pod) => pod.metadata.name), ['web-0']);
    const all = await api.listPods('default');
    assert.deepEqual(all.map((pod) => pod.metadata.name).sort(), ['db-0', 'web-0']);
  } finally {
    api.close();
  }
});

test('getPod of a missing pod rejects with PodNotFoundError', async () => {
  const api = createApiClient(connectionFor());
  try {
    const error = await api.getPod('default', 'ghost').then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof PodNotFoundError);
    assert.equal(error.code, 'PODEXEC_POD_NOT_FOUND');
    assert.equal(error.message, 'Pod ghost not found in namespace default.');
    assert.equal(error.httpStatus, 404);
    assert.equal(error.serverMessage, 'pods "ghost" not found');
    assert.equal(error.pod, 'ghost');
  } finally {
    api.close();
  }
});

test('other HTTP errors reject with ApiRequestError', async () => {
  const api = createApiClient(connectionFor());
  try {
    const error = await api.getJson('/apis/apps/v1/namespaces/default/deployments/none').then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof ApiRequestError);
    assert.equal(error.code, 'PODEXEC_API_REQUEST_FAILED');
    assert.equal(error.httpStatus, 404);
    assert.equal(error.method, 'GET');
    assert.equal(error.path, '/apis/apps/v1/namespaces/default/deployments/none');
    assert.equal(error.message, `GET /apis/apps/v1/namespaces/default/deployments/none failed with HTTP 404: ${error.serverMessage}`);
  } finally {
    api.close();
  }
});

test('wrong token rejects with UnauthorizedError', async () => {
  const api = createApiClient(connectionFor({}, 'wrong'));
  try {
    const error = await api.getPod('default', 'web-0').then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof UnauthorizedError);
    assert.equal(error.code, 'PODEXEC_UNAUTHORIZED');
    assert.equal(error.httpStatus, 401);
    assert.equal(error.pod, 'web-0');
  } finally {
    api.close();
  }
});

test('untrusted certificate names certificate-authority', async () => {
  const api = createApiClient(connectionFor({ ca: undefined }));
  try {
    const error = await api.getPod('default', 'web-0').then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof ConnectError);
    assert.equal(error.code, 'PODEXEC_CONNECT_FAILED');
    assert.equal(error.server, sandbox.sandbox.url);
    assert.match(error.message, new RegExp(`^Cannot connect to the API server ${sandbox.sandbox.url.replaceAll('.', '\\.')}: TLS certificate verification failed \\(`));
    assert.match(error.message, /Check certificate-authority or certificate-authority-data of the cluster/);
    assert.ok(error.cause instanceof Error);
  } finally {
    api.close();
  }
});

test('insecure-skip-tls-verify accepts the certificate', async () => {
  const api = createApiClient(connectionFor({ ca: undefined, insecureSkipTlsVerify: true }));
  try {
    const pod = await api.getPod('default', 'db-0');
    assert.equal(pod.metadata.name, 'db-0');
  } finally {
    api.close();
  }
});

test('tls-server-name that the certificate lacks fails verification', async () => {
  const api = createApiClient(connectionFor({ tlsServerName: 'other.example.invalid' }));
  try {
    const error = await api.getPod('default', 'web-0').then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof ConnectError);
    assert.match(error.message, /TLS certificate verification failed \(ERR_TLS_CERT_ALTNAME_INVALID/);
  } finally {
    api.close();
  }
});

test('refused connection rejects with ConnectError', async () => {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  const server = `https://127.0.0.1:${port}`;
  const api = createApiClient(connectionFor({ server }));
  try {
    const error = await api.getPod('default', 'web-0').then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof ConnectError);
    assert.equal(error.server, server);
    assert.match(error.message, new RegExp(`^Cannot connect to the API server https://127\\.0\\.0\\.1:${port}: connection refused \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)\\. Check that the API server is running`));
  } finally {
    api.close();
  }
});

test('aborted request rejects with the signal reason', async () => {
  const api = createApiClient(connectionFor());
  try {
    const controller = new AbortController();
    const reason = new Error('give up');
    controller.abort(reason);
    await assert.rejects(api.getJson('/version', { signal: controller.signal }), (error: unknown) => error === reason);
  } finally {
    api.close();
  }
});

test('403 on a REST request names that request', async () => {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'deployments.apps "web" is forbidden: User "dev" cannot get resource "deployments"',
    reason: 'Forbidden',
    code: 403,
  });
  const server = http.createServer((_request, response) => {
    response.writeHead(403, { 'Content-Type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api = createApiClient(connectionFor({ server: `http://127.0.0.1:${port}`, ca: undefined }));
  const path = '/apis/apps/v1/namespaces/shop/deployments/web';
  try {
    await assert.rejects(api.getJson(path), (error: unknown) => {
      assert.ok(error instanceof ForbiddenError);
      assert.equal(error.code, 'PODEXEC_FORBIDDEN');
      assert.equal(error.httpStatus, 403);
      assert.equal(error.reason, 'Forbidden');
      assert.equal(
        error.message,
        `Forbidden: GET ${path}: deployments.apps "web" is forbidden: User "dev" cannot get resource "deployments". ` +
          'Ask for read access to that resource.',
      );
      return true;
    });
  } finally {
    api.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
