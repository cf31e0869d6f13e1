import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConnection } from '../../src/kubeconfig/index.js';
import { isolatedEnv, tempDir, writeConfig } from './helpers.js';

/** The shape `oc login` and `oc project` write: names built from the API host, user and project. */
const OC_LOGIN_CONFIG = `apiVersion: v1
clusters:
- cluster:
    insecure-skip-tls-verify: true
    server: https://api.crc.testing:6443
  name: api-crc-testing:6443
contexts:
- context:
    cluster: api-crc-testing:6443
    namespace: default
    user: kubeadmin/api-crc-testing:6443
  name: default/api-crc-testing:6443/kubeadmin
- context:
    cluster: api-crc-testing:6443
    namespace: my-project
    user: developer/api-crc-testing:6443
  name: my-project/api-crc-testing:6443/developer
current-context: my-project/api-crc-testing:6443/developer
kind: Config
preferences: {}
users:
- name: developer/api-crc-testing:6443
  user:
    token: sha256~developer-token
- name: kubeadmin/api-crc-testing:6443
  user:
    token: sha256~kubeadmin-token
`;

test('oc login kubeconfig loads', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', OC_LOGIN_CONFIG);
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.equal(connection.server, 'https://api.crc.testing:6443');
  assert.equal(connection.contextName, 'my-project/api-crc-testing:6443/developer');
  assert.equal(connection.namespace, 'my-project');
  assert.equal(connection.insecureSkipTlsVerify, true);
  assert.deepEqual(await connection.credentials(), { token: 'sha256~developer-token' });
});

test('oc login context by name', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', OC_LOGIN_CONFIG);
  const connection = await loadConnection({ kubeconfig: file, context: 'default/api-crc-testing:6443/kubeadmin', env: isolatedEnv() });
  assert.equal(connection.namespace, 'default');
  assert.deepEqual(await connection.credentials(), { token: 'sha256~kubeadmin-token' });
});
