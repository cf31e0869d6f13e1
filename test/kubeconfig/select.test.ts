import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidOptionError, KubeconfigError } from '../../src/core/errors.js';
import { loadConnection } from '../../src/kubeconfig/index.js';
import { isolatedEnv, simpleConfig, tempDir, writeConfig } from './helpers.js';

function twoContexts(): Record<string, unknown> {
  return {
    clusters: [
      { name: 'prod', cluster: { server: 'https://prod.example:6443' } },
      { name: 'stage', cluster: { server: 'https://stage.example:6443' } },
    ],
    users: [{ name: 'admin', user: { token: 'admin-token' } }],
    contexts: [
      { name: 'prod', context: { cluster: 'prod', user: 'admin', namespace: 'shop' } },
      { name: 'stage', context: { cluster: 'stage', user: 'admin' } },
    ],
    'current-context': 'prod',
  };
}

async function loadError(promise: Promise<unknown>): Promise<KubeconfigError> {
  const error = await promise.then(
    () => assert.fail('expected the load to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof KubeconfigError, `expected KubeconfigError, got ${String(error)}`);
  assert.equal(error.code, 'PODEXEC_KUBECONFIG_INVALID');
  return error;
}

test('current-context is used by default', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', twoContexts());
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.equal(connection.contextName, 'prod');
  assert.equal(connection.server, 'https://prod.example:6443');
  assert.equal(connection.namespace, 'shop');
});

test('context option overrides current-context', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', twoContexts());
  const connection = await loadConnection({ kubeconfig: file, context: 'stage', env: isolatedEnv() });
  assert.equal(connection.contextName, 'stage');
  assert.equal(connection.server, 'https://stage.example:6443');
});

test('namespace defaults to default', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', twoContexts());
  const connection = await loadConnection({ kubeconfig: file, context: 'stage', env: isolatedEnv() });
  assert.equal(connection.namespace, 'default');
});

test('unknown context option lists known ones', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', twoContexts());
  const error = await loadError(loadConnection({ kubeconfig: file, context: 'qa', env: isolatedEnv() }));
  assert.equal(error.message, `Context "qa" was not found in kubeconfig ${file}. Known contexts: prod, stage.`);
  assert.equal(error.file, file);
  assert.equal(error.path, 'contexts');
});

test('unknown current-context names its file', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', { ...twoContexts(), 'current-context': 'gone' });
  const error = await loadError(loadConnection({ kubeconfig: file, env: isolatedEnv() }));
  assert.equal(
    error.message,
    `Invalid kubeconfig ${file}: current-context names context "gone", which is not defined. Known contexts: prod, stage.`,
  );
  assert.equal(error.file, file);
  assert.equal(error.path, 'current-context');
});

test('no current-context and no option', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', simpleConfig({ currentContext: null }));
  const error = await loadError(loadConnection({ kubeconfig: file, env: isolatedEnv() }));
  assert.equal(
    error.message,
    `No context selected: current-context is not set in kubeconfig ${file}. ` +
      'Pass a context (--context) or run "kubectl config use-context NAME". Known contexts: main.',
  );
  assert.equal(error.file, file);
  assert.equal(error.path, 'current-context');
});

test('explicit empty file has no context', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', '');
  const error = await loadError(loadConnection({ kubeconfig: file, env: isolatedEnv() }));
  assert.match(error.message, /current-context is not set .* Known contexts: \(none\)\.$/);
});

test('context without cluster', async (t) => {
  const config = { ...twoContexts(), contexts: [{ name: 'a', context: { user: 'admin' } }, { name: 'b', context: { user: 'admin' } }], 'current-context': 'b' };
  const file = await writeConfig(await tempDir(t), 'config', config);
  const error = await loadError(loadConnection({ kubeconfig: file, env: isolatedEnv() }));
  assert.equal(error.message, `Invalid kubeconfig ${file}: contexts[1].context.cluster is missing.`);
  assert.equal(error.file, file);
  assert.equal(error.path, 'contexts[1].context.cluster');
});

test('context with unknown cluster', async (t) => {
  const config = { ...twoContexts(), contexts: [{ name: 'a', context: { cluster: 'qa', user: 'admin' } }], 'current-context': 'a' };
  const file = await writeConfig(await tempDir(t), 'config', config);
  const error = await loadError(loadConnection({ kubeconfig: file, env: isolatedEnv() }));
  assert.equal(
    error.message,
    `Invalid kubeconfig ${file}: contexts[0].context.cluster names cluster "qa", which is not defined (context "a"). ` +
      'Known clusters: prod, stage.',
  );
  assert.equal(error.path, 'contexts[0].context.cluster');
});

test('context with unknown user', async (t) => {
  const config = { ...twoContexts(), contexts: [{ name: 'a', context: { cluster: 'prod', user: 'nobody' } }], 'current-context': 'a' };
  const file = await writeConfig(await tempDir(t), 'config', config);
  const error = await loadError(loadConnection({ kubeconfig: file, env: isolatedEnv() }));
  assert.equal(
    error.message,
    `Invalid kubeconfig ${file}: contexts[0].context.user names user "nobody", which is not defined (context "a"). ` +
      'Known users: admin.',
  );
  assert.equal(error.path, 'contexts[0].context.user');
});

test('context without user is anonymous', async (t) => {
  const config = { ...twoContexts(), contexts: [{ name: 'a', context: { cluster: 'prod' } }], 'current-context': 'a' };
  const file = await writeConfig(await tempDir(t), 'config', config);
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.deepEqual(await connection.credentials(), {});
});

test('invalid namespace name', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', simpleConfig({ namespace: 'Team_A' }));
  const error = await loadError(loadConnection({ kubeconfig: file, env: isolatedEnv() }));
  assert.equal(
    error.message,
    `Invalid kubeconfig ${file}: contexts[0].context.namespace "Team_A" is not a valid namespace name. ` +
      'Use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit.',
  );
  assert.equal(error.path, 'contexts[0].context.namespace');
});

test('non-string context option', async () => {
  const error = await loadConnection({ context: 5 as unknown as string, env: isolatedEnv() }).catch((caught: unknown) => caught);
  assert.ok(error instanceof InvalidOptionError);
  assert.equal(error.code, 'PODEXEC_INVALID_OPTION');
  assert.equal(error.option, 'context');
  assert.equal(error.message, 'Invalid option "context": expected a non-empty string, received number 5.');
});
