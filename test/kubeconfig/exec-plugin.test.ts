import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { CredentialPluginError, KubeconfigError } from '../../src/core/errors.js';
import { loadConnection } from '../../src/kubeconfig/index.js';
import { isolatedEnv, simpleConfig, tempDir, writeConfig, writeScript } from './helpers.js';

const V1 = 'client.authentication.k8s.io/v1';
const SECRET = 'sekret-token-5f1c';
const CERT_PEM = '-----BEGIN CERTIFICATE-----\nY2xpZW50\n-----END CERTIFICATE-----\n';
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n';

/**
 * Writes a node plugin script. `body` runs with `log` (appends a line to runs.log in the plugin's
 * folder, so tests count runs) and `print` (writes an object as JSON to stdout) in scope.
 */
async function writePlugin(dir: string, name: string, body: string): Promise<string> {
  return writeScript(
    dir,
    name,
    `#!${process.execPath}\n` +
      `const fs = require('node:fs');\n` +
      `const path = require('node:path');\n` +
      `const runs = path.join(__dirname, 'runs.log');\n` +
      `const log = (line) => fs.appendFileSync(runs, line + '\\n');\n` +
      `const print = (value) => process.stdout.write(JSON.stringify(value));\n` +
      `const runCount = () => fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').split('\\n').length - 1 : 0;\n` +
      body,
  );
}

/** Writes a kubeconfig whose only user has the given `exec` section. */
async function pluginConfig(dir: string, exec: Record<string, unknown>, cluster?: Record<string, unknown>): Promise<string> {
  return writeConfig(dir, 'config', simpleConfig({ user: { exec }, ...(cluster ? { cluster } : {}) }));
}

async function runCount(dir: string): Promise<number> {
  const text = await readFile(path.join(dir, 'runs.log'), 'utf8').catch(() => '');
  return text.split('\n').length - 1;
}

function tokenCredential(token: string, expirationTimestamp?: string, apiVersion = V1): string {
  const status: Record<string, string> = { token };
  if (expirationTimestamp) status['expirationTimestamp'] = expirationTimestamp;
  return `log('run'); print(${JSON.stringify({ apiVersion, kind: 'ExecCredential', status })});\n`;
}

async function pluginError(promise: Promise<unknown>): Promise<CredentialPluginError> {
  const error = await promise.then(
    () => assert.fail('expected the plugin to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof CredentialPluginError, `expected CredentialPluginError, got ${String(error)}`);
  assert.equal(error.code, 'PODEXEC_CREDENTIAL_PLUGIN_FAILED');
  assert.ok(!error.message.includes(SECRET), 'the message shows the token');
  assert.ok(!String((error.cause as Error | undefined)?.message).includes(SECRET), 'the cause shows the token');
  return error;
}

test('plugin token with args and env', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(
    dir,
    'plugin.cjs',
    `fs.writeFileSync(path.join(__dirname, 'seen.json'), JSON.stringify({ argv: process.argv.slice(2), region: process.env.REGION, info: JSON.parse(process.env.KUBERNETES_EXEC_INFO) }));\n` +
      tokenCredential(SECRET),
  );
  const file = await pluginConfig(dir, {
    apiVersion: V1,
    command: plugin,
    args: ['get-token', '--cluster', 'a b'],
    env: [{ name: 'REGION', value: 'eu-1' }],
    interactiveMode: 'Never',
  });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv({ REGION: 'overridden' }) });
  assert.equal(await runCount(dir), 0, 'the plugin runs on the first credentials() call, not at load');
  assert.deepEqual(await connection.credentials(), { token: SECRET });

  const seen = JSON.parse(await readFile(path.join(dir, 'seen.json'), 'utf8')) as unknown;
  assert.deepEqual(seen, {
    argv: ['get-token', '--cluster', 'a b'],
    region: 'eu-1',
    info: { kind: 'ExecCredential', apiVersion: V1, spec: { interactive: false } },
  });
});

test('plugin gets cluster info', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(
    dir,
    'plugin.cjs',
    `fs.writeFileSync(path.join(__dirname, 'seen.json'), process.env.KUBERNETES_EXEC_INFO);\n` +
      tokenCredential(SECRET, undefined, 'client.authentication.k8s.io/v1beta1'),
  );
  const caData = Buffer.from('-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n').toString('base64');
  const file = await pluginConfig(
    dir,
    { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, provideClusterInfo: true },
    {
      server: 'https://127.0.0.1:6443/',
      'certificate-authority-data': caData,
      'tls-server-name': 'kubernetes.default',
      extensions: [
        { name: 'other', extension: { a: 1 } },
        { name: 'client.authentication.k8s.io/exec', extension: { audience: 'podexec-test' } },
      ],
    },
  );

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  await connection.credentials();
  const seen = JSON.parse(await readFile(path.join(dir, 'seen.json'), 'utf8')) as unknown;
  assert.deepEqual(seen, {
    kind: 'ExecCredential',
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    spec: {
      interactive: false,
      cluster: {
        server: 'https://127.0.0.1:6443',
        'tls-server-name': 'kubernetes.default',
        'certificate-authority-data': caData,
        config: { audience: 'podexec-test' },
      },
    },
  });
});

test('plugin client certificate', async (t) => {
  const dir = await tempDir(t);
  const status = { clientCertificateData: CERT_PEM, clientKeyData: KEY_PEM };
  const plugin = await writePlugin(dir, 'plugin.cjs', `print(${JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status })});\n`);
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'IfAvailable' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const credentials = await connection.credentials();
  assert.deepEqual(credentials, { cert: Buffer.from(CERT_PEM), key: Buffer.from(KEY_PEM) });
});

test('20 concurrent calls share one run', async (t) => {
  const dir = await tempDir(t);
  // The plugin waits a moment so that every call arrives while it runs.
  const plugin = await writePlugin(dir, 'plugin.cjs', `setTimeout(() => { ${tokenCredential(SECRET)} }, 200);\n`);
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const results = await Promise.all(Array.from({ length: 20 }, () => connection.credentials()));
  assert.equal(await runCount(dir), 1);
  for (const result of results) assert.deepEqual(result, { token: SECRET });

  // Cached without an expiry: later calls do not run the plugin again.
  await connection.credentials();
  assert.equal(await runCount(dir), 1);
  connection.invalidateCredentials();
  await connection.credentials();
  assert.equal(await runCount(dir), 2);
});

test('expiring credentials are refreshed', async (t) => {
  const dir = await tempDir(t);
  // Each run's token expires 5 s after it is issued, inside the refresh margin, so every call renews it.
  const plugin = await writePlugin(
    dir,
    'plugin.cjs',
    `log('run');\n` +
      `print({ apiVersion: '${V1}', kind: 'ExecCredential', status: { token: 'token-' + runCount(), ` +
      `expirationTimestamp: new Date(Date.now() + 5000).toISOString().replace(/\\.\\d+Z$/, 'Z') } });\n`,
  );
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.deepEqual(await connection.credentials(), { token: 'token-1' });
  assert.deepEqual(await connection.credentials(), { token: 'token-2' });
  assert.equal(await runCount(dir), 2);
});

test('unexpired credentials are cached', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(dir, 'plugin.cjs', tokenCredential(SECRET, '2999-01-01T00:00:00+02:00'));
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  await connection.credentials();
  await connection.credentials();
  assert.equal(await runCount(dir), 1);
});

test('failed run is not cached', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(
    dir,
    'plugin.cjs',
    `if (runCount() === 0) { log('fail'); process.stderr.write('first run fails\\n'); process.exit(1); }\n` + tokenCredential(SECRET),
  );
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  await pluginError(connection.credentials());
  assert.deepEqual(await connection.credentials(), { token: SECRET });
  assert.equal(await runCount(dir), 2);
});

test('plugin missing shows installHint', async (t) => {
  const dir = await tempDir(t);
  const hint = 'Install podexec-test-auth from the team wiki.';
  const file = await pluginConfig(dir, { apiVersion: V1, command: 'podexec-test-no-such-plugin', installHint: hint, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const error = await pluginError(connection.credentials());
  assert.equal(error.message, `Exec credential plugin "podexec-test-no-such-plugin" of user "main" was not found.\n${hint}`);
  assert.equal(error.plugin, 'podexec-test-no-such-plugin');
});

test('plugin missing without installHint', async (t) => {
  const dir = await tempDir(t);
  const file = await pluginConfig(dir, { apiVersion: V1, command: './bin/missing-plugin', interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const error = await pluginError(connection.credentials());
  const command = path.join(dir, 'bin', 'missing-plugin');
  assert.equal(
    error.message,
    `Exec credential plugin "${command}" of user "main" was not found.\n` +
      'Install it, put it on PATH, or fix exec.command of the user in the kubeconfig.',
  );
  assert.equal(error.plugin, command);
});

test('relative plugin path and PATH lookup', async (t) => {
  const dir = await tempDir(t);
  await writePlugin(dir, 'bin/relative-plugin', tokenCredential('relative'));
  const bySlash = await writeConfig(dir, 'config', simpleConfig({ user: { exec: { apiVersion: V1, command: './bin/relative-plugin', interactiveMode: 'Never' } } }));
  const connection = await loadConnection({ kubeconfig: bySlash, env: isolatedEnv() });
  assert.deepEqual(await connection.credentials(), { token: 'relative' });

  const byName = await writeConfig(dir, 'config2', simpleConfig({ user: { exec: { apiVersion: V1, command: 'relative-plugin', interactiveMode: 'Never' } } }));
  const env = isolatedEnv({ PATH: `${path.join(dir, 'bin')}:${process.env['PATH'] ?? ''}` });
  const onPath = await loadConnection({ kubeconfig: byName, env });
  assert.deepEqual(await onPath.credentials(), { token: 'relative' });
});

test('plugin exit 1 shows stderr', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(
    dir,
    'plugin.cjs',
    `process.stdout.write('${SECRET}');\nprocess.stderr.write('error: refresh token expired\\nrun "login" again\\n');\nprocess.exit(1);\n`,
  );
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const error = await pluginError(connection.credentials());
  assert.equal(
    error.message,
    `Exec credential plugin "${plugin}" of user "main" failed with exit code 1:\nerror: refresh token expired\nrun "login" again`,
  );
  assert.equal(error.plugin, plugin);
});

test('plugin exit without stderr', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(dir, 'plugin.cjs', 'process.exit(3);\n');
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const error = await pluginError(connection.credentials());
  assert.equal(error.message, `Exec credential plugin "${plugin}" of user "main" failed with exit code 3 and wrote nothing to stderr.`);
});

const truncatedJson = `{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"${SECRET}`;

const badOutputs: Array<{ name: string; stdout: string; problem: string }> = [
  {
    name: 'bad JSON',
    stdout: truncatedJson,
    problem:
      `printed invalid JSON on stdout (${truncatedJson.length} bytes, error at position ${truncatedJson.length}). ` +
      'It must print one ExecCredential object.',
  },
  {
    name: 'plain text',
    stdout: `token ${SECRET}`,
    problem: 'printed invalid JSON on stdout (23 bytes). It must print one ExecCredential object.',
  },
  {
    name: 'not an object',
    stdout: JSON.stringify([SECRET]),
    problem: 'printed JSON that is not an object; it must print one ExecCredential object.',
  },
  {
    name: 'wrong kind',
    stdout: JSON.stringify({ apiVersion: V1, kind: 'Secret', status: { token: SECRET } }),
    problem: 'printed kind "Secret", expected "ExecCredential".',
  },
  {
    name: 'wrong apiVersion',
    stdout: JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: SECRET } }),
    problem: `printed apiVersion "client.authentication.k8s.io/v1beta1", but the kubeconfig asks for "${V1}".`,
  },
  {
    name: 'no status',
    stdout: JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', spec: { token: SECRET } }),
    problem: 'printed an ExecCredential without a status object.',
  },
  {
    name: 'empty status',
    stdout: JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: {} }),
    problem: 'printed an ExecCredential whose status has neither a token nor clientCertificateData and clientKeyData.',
  },
  {
    name: 'certificate without key',
    stdout: JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { clientCertificateData: CERT_PEM, token: SECRET } }),
    problem: 'printed only one of status.clientCertificateData and status.clientKeyData; both are needed.',
  },
  {
    name: 'token not a string',
    stdout: JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { token: { value: SECRET } } }),
    problem: 'printed status.token of type object; it must be a string.',
  },
  {
    name: 'bad expirationTimestamp',
    stdout: JSON.stringify({ apiVersion: V1, kind: 'ExecCredential', status: { token: SECRET, expirationTimestamp: 'tomorrow' } }),
    problem: 'printed status.expirationTimestamp "tomorrow", which is not an RFC 3339 time such as "2030-01-02T15:04:05Z".',
  },
];

for (const output of badOutputs) {
  test(`plugin output: ${output.name}`, async (t) => {
    const dir = await tempDir(t);
    const plugin = await writePlugin(dir, 'plugin.cjs', `process.stdout.write(${JSON.stringify(output.stdout)});\n`);
    const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

    const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
    const error = await pluginError(connection.credentials());
    assert.equal(error.message, `Exec credential plugin "${plugin}" of user "main" ${output.problem}`);
    assert.equal(error.plugin, plugin);
  });
}

test('static token wins over plugin', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(dir, 'plugin.cjs', tokenCredential('from-plugin'));
  const file = await writeConfig(dir, 'config', simpleConfig({ user: { token: 'static', exec: { apiVersion: V1, command: plugin, interactiveMode: 'Never' } } }));

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.deepEqual(await connection.credentials(), { token: 'static' });
  assert.equal(await runCount(dir), 0);
});

const badExecSections: Array<{ name: string; exec: Record<string, unknown>; path: string; message: string }> = [
  {
    name: 'command missing',
    exec: { apiVersion: V1, interactiveMode: 'Never' },
    path: 'users[0].user.exec.command',
    message: 'users[0].user.exec.command is missing.',
  },
  {
    name: 'apiVersion missing',
    exec: { command: 'x', interactiveMode: 'Never' },
    path: 'users[0].user.exec.apiVersion',
    message: 'users[0].user.exec.apiVersion is missing. Use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1.',
  },
  {
    name: 'apiVersion v1alpha1',
    exec: { command: 'x', apiVersion: 'client.authentication.k8s.io/v1alpha1' },
    path: 'users[0].user.exec.apiVersion',
    message:
      'users[0].user.exec.apiVersion "client.authentication.k8s.io/v1alpha1" is not supported. ' +
      'Use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1.',
  },
  {
    name: 'interactiveMode missing for v1',
    exec: { command: 'x', apiVersion: V1 },
    path: 'users[0].user.exec.interactiveMode',
    message: 'users[0].user.exec.interactiveMode is missing. client.authentication.k8s.io/v1 requires Never, IfAvailable or Always.',
  },
  {
    name: 'interactiveMode Always',
    exec: { command: 'x', apiVersion: V1, interactiveMode: 'Always' },
    path: 'users[0].user.exec.interactiveMode',
    message:
      'users[0].user.exec.interactiveMode is Always, but podexec runs credential plugins without a terminal. ' +
      'Set it to IfAvailable or Never, or log in with the plugin in a terminal first.',
  },
  {
    name: 'interactiveMode unknown',
    exec: { command: 'x', apiVersion: V1, interactiveMode: 'Sometimes' },
    path: 'users[0].user.exec.interactiveMode',
    message: 'users[0].user.exec.interactiveMode "Sometimes" is not valid. Use Never, IfAvailable or Always.',
  },
  {
    name: 'env name missing',
    exec: { command: 'x', apiVersion: V1, interactiveMode: 'Never', env: [{ name: 'A', value: '1' }, { value: '2' }] },
    path: 'users[0].user.exec.env[1].name',
    message: 'users[0].user.exec.env[1].name is missing.',
  },
  {
    name: 'args not strings',
    exec: { command: 'x', apiVersion: V1, interactiveMode: 'Never', args: ['a', 2] },
    path: 'users[0].user.exec.args[1]',
    message: 'users[0].user.exec.args[1] must be a string, not the number 2.',
  },
];

for (const section of badExecSections) {
  test(`exec section: ${section.name}`, async (t) => {
    const dir = await tempDir(t);
    const file = await pluginConfig(dir, section.exec);
    const error = await loadConnection({ kubeconfig: file, env: isolatedEnv() }).catch((caught: unknown) => caught);
    assert.ok(error instanceof KubeconfigError, `expected KubeconfigError, got ${String(error)}`);
    assert.equal(error.code, 'PODEXEC_KUBECONFIG_INVALID');
    assert.equal(error.message, `Invalid kubeconfig ${file}: ${section.message}`);
    assert.equal(error.file, file);
    assert.equal(error.path, section.path);
  });
}

test('plugin not executable', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writeConfig(dir, 'plugin.cjs', tokenCredential(SECRET));
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const error = await pluginError(connection.credentials());
  assert.equal(error.message, `Exec credential plugin "${plugin}" of user "main" is not executable (EACCES). Check the file's permissions.`);
});

test('plugin killed by signal', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(dir, 'plugin.cjs', `process.kill(process.pid, 'SIGKILL');\n`);
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const error = await pluginError(connection.credentials());
  assert.equal(error.message, `Exec credential plugin "${plugin}" of user "main" was killed by signal SIGKILL and wrote nothing to stderr.`);
});

test('plugin output over the limit', async (t) => {
  const dir = await tempDir(t);
  const plugin = await writePlugin(dir, 'plugin.cjs', `process.stdout.write('${SECRET}'.repeat(400 * 1024));\n`);
  const file = await pluginConfig(dir, { apiVersion: V1, command: plugin, interactiveMode: 'Never' });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  const error = await pluginError(connection.credentials());
  assert.equal(
    error.message,
    `Exec credential plugin "${plugin}" of user "main" printed more than 4194304 bytes on stdout; an ExecCredential is much smaller.`,
  );
});
