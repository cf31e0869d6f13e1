import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { NoKubeconfigError } from '../../src/core/errors.js';
import { loadConnectionWith } from '../../src/kubeconfig/load.js';
import { isolatedEnv, simpleConfig, tempDir, writeConfig } from './helpers.js';

const CA_PEM = '-----BEGIN CERTIFICATE-----\naW4tY2x1c3Rlcg==\n-----END CERTIFICATE-----\n';

async function serviceAccount(dir: string, files: Record<string, string>): Promise<string> {
  const folder = path.join(dir, 'serviceaccount');
  for (const [name, content] of Object.entries(files)) await writeConfig(folder, name, content);
  return folder;
}

const serviceEnv = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

test('in-cluster from service account', async (t) => {
  const dir = await tempDir(t);
  const serviceAccountDir = await serviceAccount(dir, { token: 'sa-token\n', 'ca.crt': CA_PEM, namespace: 'build\n' });

  const connection = await loadConnectionWith({ env: isolatedEnv({ HOME: dir, ...serviceEnv }) }, { serviceAccountDir });
  assert.equal(connection.server, 'https://10.96.0.1:443');
  assert.equal(connection.contextName, undefined);
  assert.equal(connection.namespace, 'build');
  assert.deepEqual(connection.ca, Buffer.from(CA_PEM));
  assert.equal(connection.insecureSkipTlsVerify, false);
  assert.equal(connection.tlsServerName, undefined);
  assert.equal(connection.source, 'in-cluster');
  assert.deepEqual(await connection.credentials(), { token: 'sa-token' });
});

test('in-cluster IPv6 host and POD_NAMESPACE', async (t) => {
  const dir = await tempDir(t);
  const serviceAccountDir = await serviceAccount(dir, { token: 'sa-token', namespace: 'from-file' });
  const env = isolatedEnv({ HOME: dir, KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443', POD_NAMESPACE: 'from-env' });

  const connection = await loadConnectionWith({ env }, { serviceAccountDir });
  assert.equal(connection.server, 'https://[fd00::1]:6443');
  assert.equal(connection.namespace, 'from-env');
  assert.equal(connection.ca, undefined, 'a missing ca.crt means the default CAs');
});

test('in-cluster namespace defaults', async (t) => {
  const dir = await tempDir(t);
  const serviceAccountDir = await serviceAccount(dir, { token: 'sa-token' });
  const connection = await loadConnectionWith({ env: isolatedEnv({ HOME: dir, ...serviceEnv }) }, { serviceAccountDir });
  assert.equal(connection.namespace, 'default');
});

test('in-cluster token rotation', async (t) => {
  const dir = await tempDir(t);
  const serviceAccountDir = await serviceAccount(dir, { token: 'old-token' });
  const connection = await loadConnectionWith({ env: isolatedEnv({ HOME: dir, ...serviceEnv }) }, { serviceAccountDir });

  await writeFile(path.join(serviceAccountDir, 'token'), 'new-token');
  assert.deepEqual(await connection.credentials(), { token: 'old-token' });
  connection.invalidateCredentials();
  assert.deepEqual(await connection.credentials(), { token: 'new-token' });
});

test('kubeconfig wins over in-cluster', async (t) => {
  const dir = await tempDir(t);
  const serviceAccountDir = await serviceAccount(dir, { token: 'sa-token' });
  await writeConfig(dir, '.kube/config', simpleConfig({ server: 'https://home.example' }));

  const connection = await loadConnectionWith({ env: isolatedEnv({ HOME: dir, ...serviceEnv }) }, { serviceAccountDir });
  assert.equal(connection.server, 'https://home.example');
});

test('context request skips in-cluster', async (t) => {
  const dir = await tempDir(t);
  const serviceAccountDir = await serviceAccount(dir, { token: 'sa-token' });

  const error = await loadConnectionWith({ context: 'prod', env: isolatedEnv({ HOME: dir, ...serviceEnv }) }, { serviceAccountDir }).catch(
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof NoKubeconfigError);
  assert.equal(error.code, 'PODEXEC_KUBECONFIG_NOT_FOUND');
  assert.deepEqual(error.tried, [
    `${path.join(dir, '.kube', 'config')} (not found)`,
    'in-cluster (not used because context "prod" was requested)',
  ]);
});

test('service account token is a folder', async (t) => {
  const dir = await tempDir(t);
  const serviceAccountDir = await serviceAccount(dir, { 'token/inner': 'x' });

  const error = await loadConnectionWith({ env: isolatedEnv({ HOME: dir, ...serviceEnv }) }, { serviceAccountDir }).catch(
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof NoKubeconfigError);
  assert.equal(error.tried[1], `in-cluster (${path.join(serviceAccountDir, 'token')} is not a file)`);
});
