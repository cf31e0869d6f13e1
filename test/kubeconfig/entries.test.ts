import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { KubeconfigError } from '../../src/core/errors.js';
import { loadConnection } from '../../src/kubeconfig/index.js';
import { isolatedEnv, simpleConfig, tempDir, writeConfig } from './helpers.js';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nY2EtZml4dHVyZQ==\n-----END CERTIFICATE-----\n';
const CERT_PEM = '-----BEGIN CERTIFICATE-----\nY2xpZW50\n-----END CERTIFICATE-----\n';
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n';

async function loadError(file: string): Promise<KubeconfigError> {
  const error = await loadConnection({ kubeconfig: file, env: isolatedEnv() }).then(
    () => assert.fail('expected the load to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof KubeconfigError, `expected KubeconfigError, got ${String(error)}`);
  assert.equal(error.code, 'PODEXEC_KUBECONFIG_INVALID');
  assert.equal(error.file, file);
  return error;
}

/** Each case: a config, the expected path and the message after "Invalid kubeconfig FILE: ". */
const badEntries: Array<{ name: string; config: Record<string, unknown>; path: string; message: string }> = [
  {
    name: 'cluster server missing',
    config: simpleConfig({ cluster: { 'certificate-authority-data': 'Y2E=' } }),
    path: 'clusters[0].cluster.server',
    message: 'clusters[0].cluster.server is missing. Set it to the API server URL, such as https://api.example.com:6443.',
  },
  {
    name: 'cluster body missing',
    config: { ...simpleConfig(), clusters: [{ name: 'main' }] },
    path: 'clusters[0].cluster.server',
    message: 'clusters[0].cluster.server is missing. Set it to the API server URL, such as https://api.example.com:6443.',
  },
  {
    name: 'server without scheme',
    config: simpleConfig({ server: 'api.example.com:6443' }),
    path: 'clusters[0].cluster.server',
    message: 'clusters[0].cluster.server "api.example.com:6443" must be an http or https URL. Use a URL such as https://api.example.com:6443.',
  },
  {
    name: 'server not a URL',
    config: simpleConfig({ server: 'https://' }),
    path: 'clusters[0].cluster.server',
    message: 'clusters[0].cluster.server "https://" is not a valid URL. Use a full URL with scheme, such as https://api.example.com:6443.',
  },
  {
    name: 'server not a string',
    config: simpleConfig({ cluster: { server: 6443 } }),
    path: 'clusters[0].cluster.server',
    message: 'clusters[0].cluster.server must be a string, not the number 6443.',
  },
  {
    name: 'insecure not a boolean',
    config: simpleConfig({ cluster: { server: 'https://a.example', 'insecure-skip-tls-verify': 'yes' } }),
    path: 'clusters[0].cluster.insecure-skip-tls-verify',
    message: 'clusters[0].cluster.insecure-skip-tls-verify must be true or false, not the string "yes".',
  },
  {
    name: 'insecure with CA data',
    config: simpleConfig({ cluster: { server: 'https://a.example', 'insecure-skip-tls-verify': true, 'certificate-authority-data': 'Y2E=' } }),
    path: 'clusters[0].cluster.insecure-skip-tls-verify',
    message:
      'clusters[0].cluster.insecure-skip-tls-verify is true while certificate-authority or certificate-authority-data is also set. ' +
      'Skipping verification and trusting a CA are exclusive: remove one of them.',
  },
  {
    name: 'insecure with CA file',
    config: simpleConfig({ cluster: { server: 'https://a.example', 'insecure-skip-tls-verify': true, 'certificate-authority': 'ca.crt' } }),
    path: 'clusters[0].cluster.insecure-skip-tls-verify',
    message:
      'clusters[0].cluster.insecure-skip-tls-verify is true while certificate-authority or certificate-authority-data is also set. ' +
      'Skipping verification and trusting a CA are exclusive: remove one of them.',
  },
  {
    name: 'CA data not base64',
    config: simpleConfig({ cluster: { server: 'https://a.example', 'certificate-authority-data': 'not base64!' } }),
    path: 'clusters[0].cluster.certificate-authority-data',
    message: 'clusters[0].cluster.certificate-authority-data is not valid base64.',
  },
  {
    name: 'client key data not base64',
    config: {
      ...simpleConfig(),
      users: [
        { name: 'a', user: { token: 'a' } },
        { name: 'b', user: { token: 'b' } },
        { name: 'main', user: { 'client-certificate-data': 'Y2VydA==', 'client-key-data': 'a2V' } },
      ],
    },
    path: 'users[2].user.client-key-data',
    message: 'users[2].user.client-key-data is not valid base64.',
  },
  {
    name: 'cluster name missing',
    config: { ...simpleConfig(), clusters: [{ cluster: { server: 'https://a.example' } }] },
    path: 'clusters[0].name',
    message: 'clusters[0].name is missing.',
  },
  {
    name: 'duplicate user name',
    config: { ...simpleConfig(), users: [{ name: 'main', user: {} }, { name: 'main', user: {} }] },
    path: 'users[1].name',
    message: 'users[1].name "main" is already used by users[0]. Names must be unique within a file.',
  },
  {
    name: 'clusters not a list',
    config: { ...simpleConfig(), clusters: { main: { server: 'https://a.example' } } },
    path: 'clusters',
    message: 'clusters must be a list, not a mapping.',
  },
  {
    name: 'context not a mapping',
    config: { ...simpleConfig(), contexts: [{ name: 'main', context: 'main' }] },
    path: 'contexts[0].context',
    message: 'contexts[0].context must be a mapping, not the string "main".',
  },
  {
    name: 'client certificate without key',
    config: simpleConfig({ user: { 'client-certificate-data': 'Y2VydA==' } }),
    path: 'users[0].user.client-key',
    message: 'users[0].user.client-key is missing. A client certificate needs client-key or client-key-data.',
  },
  {
    name: 'basic authentication',
    config: simpleConfig({ user: { username: 'admin', password: 'hunter2-secret' } }),
    path: 'users[0].user.username',
    message:
      'users[0].user.username is set, but basic authentication is not supported. ' +
      'Kubernetes removed it in 1.19; use a token, a client certificate or an exec plugin.',
  },
  {
    name: 'auth-provider',
    config: simpleConfig({ user: { 'auth-provider': { name: 'oidc', config: { 'id-token': 'secret-id-token' } } } }),
    path: 'users[0].user.auth-provider',
    message:
      'users[0].user.auth-provider is "oidc", but podexec does not support auth-provider plugins. ' +
      'Use an exec credential plugin instead (for OIDC, for example kubelogin).',
  },
  {
    name: 'proxy-url',
    config: simpleConfig({ cluster: { server: 'https://a.example', 'proxy-url': 'http://user:proxy-secret@proxy.example:3128' } }),
    path: 'clusters[0].cluster.proxy-url',
    message: 'clusters[0].cluster.proxy-url is set, but podexec cannot connect through a proxy yet. Remove proxy-url or use the kubectl backend.',
  },
  {
    name: 'proxy-url with bad scheme',
    config: simpleConfig({ cluster: { server: 'https://a.example', 'proxy-url': 'ftp://proxy.example' } }),
    path: 'clusters[0].cluster.proxy-url',
    message: 'clusters[0].cluster.proxy-url has the scheme "ftp:", but only http, https and socks5 are valid.',
  },
  {
    name: 'plain http with a token',
    config: simpleConfig({ server: 'http://127.0.0.1:8080', user: { token: 'plain-http-secret' } }),
    path: 'clusters[0].cluster.server',
    message:
      'clusters[0].cluster.server "http://127.0.0.1:8080" uses plain http, and podexec does not send the credentials ' +
      'of user "main" unencrypted. Use the https URL of the API server.',
  },
  {
    name: 'CA file missing',
    config: simpleConfig({ cluster: { server: 'https://a.example', 'certificate-authority': 'certs/none.crt' } }),
    path: 'clusters[0].cluster.certificate-authority',
    message: 'clusters[0].cluster.certificate-authority names DIR/certs/none.crt, which could not be read (ENOENT). ' +
      'Relative paths are resolved against the folder of the kubeconfig file.',
  },
  {
    name: 'token file missing',
    config: simpleConfig({ user: { tokenFile: 'token.txt' } }),
    path: 'users[0].user.tokenFile',
    message: 'users[0].user.tokenFile names DIR/token.txt, which could not be read (ENOENT).',
  },
];

for (const entry of badEntries) {
  test(`bad entry: ${entry.name}`, async (t) => {
    const dir = await tempDir(t);
    const file = await writeConfig(dir, 'config', entry.config);
    const error = await loadError(file);
    assert.equal(error.message, `Invalid kubeconfig ${file}: ${entry.message.replace('DIR', dir)}`);
    assert.equal(error.path, entry.path);
    for (const secret of ['hunter2-secret', 'secret-id-token', 'proxy-secret', 'plain-http-secret']) {
      assert.ok(!error.message.includes(secret), `message shows ${secret}`);
    }
  });
}

test('YAML syntax error names the line', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', 'apiVersion: v1\nclusters:\n- name: a\n  cluster: [\n');
  const error = await loadError(file);
  assert.match(error.message, new RegExp(`^Invalid kubeconfig ${file}: YAML syntax error at line \\d+: `));
  assert.equal(error.path, undefined);
  assert.ok(error.cause instanceof Error);
});

test('YAML syntax error line number', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', 'apiVersion: v1\nkind: Config\nkind: Config\n');
  const error = await loadError(file);
  assert.equal(error.message, `Invalid kubeconfig ${file}: YAML syntax error at line 3: Map keys must be unique`);
});

test('top level must be a mapping', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', '- a\n- b\n');
  const error = await loadError(file);
  assert.equal(error.message, `Invalid kubeconfig ${file}: (top level) must be a mapping of kubeconfig fields.`);
});

test('unused bad entries are ignored', async (t) => {
  // kubectl validates only what the selected context uses.
  const config = { ...simpleConfig(), clusters: [...(simpleConfig().clusters as object[]), { name: 'other', cluster: {} }] };
  const file = await writeConfig(await tempDir(t), 'config', config);
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.equal(connection.server, 'https://127.0.0.1:6443');
});

test('relative CA and client cert paths', async (t) => {
  const dir = await tempDir(t);
  await writeConfig(dir, 'kube/pki/ca.crt', CA_PEM);
  await writeConfig(dir, 'kube/pki/client.crt', CERT_PEM);
  await writeConfig(dir, 'kube/pki/client.key', KEY_PEM);
  const file = await writeConfig(
    dir,
    'kube/config',
    simpleConfig({
      cluster: { server: 'https://a.example:6443', 'certificate-authority': 'pki/ca.crt', 'tls-server-name': 'kubernetes' },
      user: { 'client-certificate': './pki/client.crt', 'client-key': path.join(dir, 'kube/pki/client.key') },
    }),
  );

  // The working folder differs from the kubeconfig's folder, so only per-file resolution finds the files.
  const connection = await loadConnection({ kubeconfig: path.relative(process.cwd(), file), env: isolatedEnv() });
  assert.deepEqual(connection.ca, Buffer.from(CA_PEM));
  assert.equal(connection.tlsServerName, 'kubernetes');
  assert.equal(connection.insecureSkipTlsVerify, false);
  assert.deepEqual(await connection.credentials(), { cert: Buffer.from(CERT_PEM), key: Buffer.from(KEY_PEM) });
});

test('CA and client data fields', async (t) => {
  const caData = Buffer.from(CA_PEM).toString('base64');
  // Line breaks inside base64 are valid, as in Go's decoder.
  const certData = Buffer.from(CERT_PEM).toString('base64').replace(/(.{20})/g, '$1\n');
  const config = simpleConfig({
    cluster: { server: 'https://a.example', 'certificate-authority-data': caData, 'certificate-authority': 'ignored.crt' },
    user: { 'client-certificate-data': certData, 'client-key-data': Buffer.from(KEY_PEM).toString('base64'), token: 'both' },
  });
  const file = await writeConfig(await tempDir(t), 'config', config);
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.deepEqual(connection.ca, Buffer.from(CA_PEM));
  assert.deepEqual(await connection.credentials(), { cert: Buffer.from(CERT_PEM), key: Buffer.from(KEY_PEM), token: 'both' });
});

test('insecure-skip-tls-verify true', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', simpleConfig({ cluster: { server: 'https://a.example', 'insecure-skip-tls-verify': true } }));
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.equal(connection.insecureSkipTlsVerify, true);
  assert.equal(connection.ca, undefined);
});

test('plain http without credentials', async (t) => {
  const config = { ...simpleConfig({ server: 'http://127.0.0.1:8001' }), users: [{ name: 'main', user: {} }] };
  const file = await writeConfig(await tempDir(t), 'config', config);
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.equal(connection.server, 'http://127.0.0.1:8001');
  assert.deepEqual(await connection.credentials(), {});
});

test('server keeps its path without trailing slashes', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', simpleConfig({ server: 'https://rancher.example/k8s/clusters/c-1//' }));
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.equal(connection.server, 'https://rancher.example/k8s/clusters/c-1');
});

test('token file is read again after invalidation', async (t) => {
  const dir = await tempDir(t);
  const tokenFile = await writeConfig(dir, 'secrets/token', 'first-token\n');
  const file = await writeConfig(dir, 'config', simpleConfig({ user: { tokenFile: 'secrets/token', token: 'static' } }));

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.deepEqual(await connection.credentials(), { token: 'first-token' });
  await writeFile(tokenFile, 'second-token');
  assert.deepEqual(await connection.credentials(), { token: 'first-token' });
  connection.invalidateCredentials();
  assert.deepEqual(await connection.credentials(), { token: 'second-token' });
});

test('static token when token file is missing', async (t) => {
  const file = await writeConfig(await tempDir(t), 'config', simpleConfig({ user: { tokenFile: 'nope', token: 'static' } }));
  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.deepEqual(await connection.credentials(), { token: 'static' });
});
