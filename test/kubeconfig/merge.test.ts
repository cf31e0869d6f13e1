import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { KubeconfigError, NoKubeconfigError } from '../../src/core/errors.js';
import { loadConnection } from '../../src/kubeconfig/index.js';
import { loadConnectionWith } from '../../src/kubeconfig/load.js';
import { isolatedEnv, simpleConfig, tempDir, writeConfig } from './helpers.js';

test('first file wins for a duplicate cluster name', async (t) => {
  const dir = await tempDir(t);
  const first = await writeConfig(dir, 'a.yaml', simpleConfig({ server: 'https://first.example:6443' }));
  const second = await writeConfig(dir, 'b.yaml', simpleConfig({ server: 'https://second.example:6443' }));

  const connection = await loadConnection({ env: isolatedEnv({ KUBECONFIG: `${first}:${second}` }) });
  assert.equal(connection.server, 'https://first.example:6443');
  assert.deepEqual(await connection.credentials(), { token: 'token-main' });
  assert.equal(connection.source, first);
});

test('whole entry of the first file is used', async (t) => {
  const dir = await tempDir(t);
  // The second file's entry for "main" has a CA; it must not be mixed into the first file's entry.
  const first = await writeConfig(dir, 'a.yaml', simpleConfig({ cluster: { server: 'https://first.example' } }));
  const second = await writeConfig(
    dir,
    'b.yaml',
    simpleConfig({ cluster: { server: 'https://second.example', 'certificate-authority-data': 'Y2E=', 'tls-server-name': 'x' } }),
  );

  const connection = await loadConnection({ env: isolatedEnv({ KUBECONFIG: `${first}:${second}` }) });
  assert.equal(connection.ca, undefined);
  assert.equal(connection.tlsServerName, undefined);
});

test('first current-context wins', async (t) => {
  const dir = await tempDir(t);
  const first = await writeConfig(dir, 'a.yaml', { 'current-context': 'two' });
  const second = await writeConfig(dir, 'b.yaml', {
    ...simpleConfig({ name: 'one' }),
    contexts: [
      { name: 'one', context: { cluster: 'one', user: 'one' } },
      { name: 'two', context: { cluster: 'one', user: 'one', namespace: 'team-two' } },
    ],
    'current-context': 'one',
  });

  const connection = await loadConnection({ env: isolatedEnv({ KUBECONFIG: `${first}:${second}` }) });
  assert.equal(connection.contextName, 'two');
  assert.equal(connection.namespace, 'team-two');
  assert.equal(connection.source, second);
});

test('entries combine across files', async (t) => {
  const dir = await tempDir(t);
  const contexts = await writeConfig(dir, 'contexts.yaml', {
    contexts: [{ name: 'dev', context: { cluster: 'dev-cluster', user: 'dev-user', namespace: 'dev' } }],
    'current-context': 'dev',
  });
  const clusters = await writeConfig(dir, 'clusters.yaml', { clusters: [{ name: 'dev-cluster', cluster: { server: 'https://dev.example' } }] });
  const users = await writeConfig(dir, 'users.yaml', { users: [{ name: 'dev-user', user: { token: 'dev-token' } }] });

  const connection = await loadConnection({ env: isolatedEnv({ KUBECONFIG: [contexts, clusters, users].join(':') }) });
  assert.equal(connection.server, 'https://dev.example');
  assert.equal(connection.namespace, 'dev');
  assert.deepEqual(await connection.credentials(), { token: 'dev-token' });
  assert.equal(connection.source, [contexts, clusters, users].join(':'));
});

test('missing and empty KUBECONFIG entries are skipped', async (t) => {
  const dir = await tempDir(t);
  const missing = path.join(dir, 'missing.yaml');
  const real = await writeConfig(dir, 'real.yaml', simpleConfig());

  const connection = await loadConnection({ env: isolatedEnv({ KUBECONFIG: `::${missing}::${real}:` }) });
  assert.equal(connection.server, 'https://127.0.0.1:6443');
  assert.equal(connection.source, real);
});

test('KUBECONFIG replaces the home config', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(dir, 'home/.kube/config', simpleConfig({ server: 'https://home.example' }));
  const listed = await writeConfig(dir, 'listed.yaml', simpleConfig({ server: 'https://listed.example' }));

  const connection = await loadConnection({ env: isolatedEnv({ HOME: path.join(dir, 'home'), KUBECONFIG: listed }) });
  assert.equal(connection.server, 'https://listed.example');
});

test('home config is used without KUBECONFIG', async (t) => {
  const dir = await tempDir(t);
  const home = path.join(dir, 'home');
  const file = await writeConfig(dir, 'home/.kube/config', simpleConfig({ server: 'https://home.example/' }));

  const connection = await loadConnection({ env: isolatedEnv({ HOME: home, KUBECONFIG: '' }) });
  assert.equal(connection.server, 'https://home.example');
  assert.equal(connection.source, file);
});

test('explicit file overrides KUBECONFIG', async (t) => {
  const dir = await tempDir(t);
  const listed = await writeConfig(dir, 'listed.yaml', simpleConfig({ server: 'https://listed.example' }));
  const explicit = await writeConfig(dir, 'explicit.yaml', simpleConfig({ server: 'https://explicit.example' }));

  const connection = await loadConnection({ kubeconfig: explicit, env: isolatedEnv({ KUBECONFIG: listed }) });
  assert.equal(connection.server, 'https://explicit.example');
});

test('missing explicit file is an error', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'nope.yaml');

  const error = await loadConnection({ kubeconfig: file, env: isolatedEnv() }).catch((caught: unknown) => caught);
  assert.ok(error instanceof KubeconfigError);
  assert.equal(error.code, 'PODEXEC_KUBECONFIG_INVALID');
  assert.equal(error.message, `Kubeconfig file ${file} (from --kubeconfig) was not found. Check the path.`);
  assert.equal(error.file, file);
  assert.equal(error.path, undefined);
});

test('no configuration lists every source tried', async (t) => {
  const dir = await tempDir(t);
  const missing = path.join(dir, 'missing.yaml');
  const empty = await writeConfig(dir, 'empty.yaml', '');
  const serviceAccountDir = path.join(dir, 'serviceaccount');

  const error = await loadConnectionWith({ env: isolatedEnv({ KUBECONFIG: `${missing}:${empty}` }) }, { serviceAccountDir }).catch(
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof NoKubeconfigError);
  assert.equal(error.code, 'PODEXEC_KUBECONFIG_NOT_FOUND');
  const tried = [
    `KUBECONFIG entry ${missing} (not found)`,
    `KUBECONFIG entry ${empty} (empty)`,
    'in-cluster (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set)',
  ];
  assert.deepEqual(error.tried, tried);
  assert.equal(
    error.message,
    `No Kubernetes configuration found. Tried: ${tried.join('; ')}. ` +
      'Set KUBECONFIG or pass --kubeconfig, or run podexec inside a pod with a service account.',
  );
});

test('no configuration with home and in-cluster env', async (t) => {
  const dir = await tempDir(t);
  const home = path.join(dir, 'home');
  const serviceAccountDir = path.join(dir, 'serviceaccount');
  const env = isolatedEnv({ HOME: home, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '6443' });

  const error = await loadConnectionWith({ env }, { serviceAccountDir }).catch((caught: unknown) => caught);
  assert.ok(error instanceof NoKubeconfigError);
  assert.deepEqual(error.tried, [
    `${path.join(home, '.kube', 'config')} (not found)`,
    `in-cluster (service account token ${path.join(serviceAccountDir, 'token')} could not be read: ENOENT)`,
  ]);
});

test('unreadable KUBECONFIG entry is an error', async (t) => {
  const dir = await tempDir(t);
  const folder = await writeConfig(dir, 'folder/inner.yaml', '');
  const notAFile = path.dirname(folder);

  const error = await loadConnection({ env: isolatedEnv({ KUBECONFIG: notAFile }) }).catch((caught: unknown) => caught);
  assert.ok(error instanceof KubeconfigError);
  assert.equal(error.message, `Kubeconfig file ${notAFile} could not be read (EISDIR). Check its permissions.`);
  assert.equal(error.file, notAFile);
});
