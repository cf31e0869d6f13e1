/**
 * A kubeconfig in the shape `oc login` and `oc project` write (token user, cluster and user named
 * after the API host, one context per project) pointing at the sandbox, used by the kube and
 * kubectl backends.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import '../../src/backends/builtin.js';
import { Exec } from '../../src/exec/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Pod
metadata:
  name: api-0
  namespace: shop
spec:
  containers:
    - name: api
      image: registry.access.redhat.com/ubi9/ubi-minimal
---
apiVersion: v1
kind: Pod
metadata:
  name: tools
  namespace: default
spec:
  containers:
    - name: tools
      image: registry.access.redhat.com/ubi9/ubi-minimal
`;

const CLUSTER = 'api-crc-testing:6443';
const USER = `developer/${CLUSTER}`;
const SHOP_CONTEXT = `shop/${CLUSTER}/developer`;
const DEFAULT_CONTEXT = `default/${CLUSTER}/developer`;

const BACKENDS = ['kube', 'kubectl'];

let sandbox: TestSandbox;
let kubeconfigPath: string;

/** Builds the kubeconfig `oc login --token=… SERVER` followed by `oc project shop` leaves behind. */
function ocLoginKubeconfig(server: string, caPem: string, token: string): string {
  const ca = Buffer.from(caPem, 'utf8').toString('base64');
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${ca}`,
    `    server: ${server}`,
    `  name: ${CLUSTER}`,
    'contexts:',
    '- context:',
    `    cluster: ${CLUSTER}`,
    '    namespace: default',
    `    user: ${USER}`,
    `  name: ${DEFAULT_CONTEXT}`,
    '- context:',
    `    cluster: ${CLUSTER}`,
    '    namespace: shop',
    `    user: ${USER}`,
    `  name: ${SHOP_CONTEXT}`,
    `current-context: ${SHOP_CONTEXT}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${USER}`,
    '  user:',
    `    token: ${token}`,
    '',
  ].join('\n');
}

before(async () => {
  sandbox = await startTestSandbox(MANIFESTS);
  kubeconfigPath = path.join(sandbox.dir, 'oc-login-kubeconfig');
  await writeFile(kubeconfigPath, ocLoginKubeconfig(sandbox.sandbox.url, sandbox.sandbox.caPem, sandbox.sandbox.token), { mode: 0o600 });
});

after(async () => {
  await sandbox?.stop();
});

for (const backend of BACKENDS) {
  test(`${backend}: project namespace from current-context`, async () => {
    const exec = new Exec({ backend, kubeconfig: kubeconfigPath, env: sandbox.env });
    try {
      const result = await exec.run('api-0', undefined, ['sh', '-c', 'echo "$HOSTNAME"']);
      assert.equal(result.namespace, 'shop');
      assert.equal(result.container, 'api');
      assert.equal(result.stdout.toString(), 'api-0\n');
      assert.equal(result.stderr.length, 0);
      assert.equal(result.exitCode, 0);
    } finally {
      await exec.close();
    }
  });

  test(`${backend}: explicit oc context`, async () => {
    const exec = new Exec({ backend, kubeconfig: kubeconfigPath, context: DEFAULT_CONTEXT, env: sandbox.env });
    try {
      const result = await exec.run('tools', undefined, ['sh', '-c', 'echo "$HOSTNAME"; exit 7']);
      assert.equal(result.namespace, 'default');
      assert.equal(result.stdout.toString(), 'tools\n');
      assert.equal(result.exitCode, 7);
    } finally {
      await exec.close();
    }
  });
}
