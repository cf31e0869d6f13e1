import assert from 'node:assert/strict';
import { request } from 'node:https';
import path from 'node:path';
import { test } from 'node:test';
import { loadConnection } from '../../src/kubeconfig/index.js';
import type { ClusterConnection } from '../../src/kubeconfig/types.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { isolatedEnv, tempDir, writeConfig, writeScript } from './helpers.js';

/** GETs `/version` with the connection's CA and credentials; returns the HTTP status. */
async function getVersionStatus(connection: ClusterConnection): Promise<number> {
  const credentials = await connection.credentials();
  return new Promise((resolve, reject) => {
    const options: Parameters<typeof request>[1] = {
      ca: connection.ca,
      rejectUnauthorized: !connection.insecureSkipTlsVerify,
      headers: credentials.token ? { Authorization: `Bearer ${credentials.token}` } : {},
    };
    if (connection.tlsServerName !== undefined) options.servername = connection.tlsServerName;
    const req = request(`${connection.server}/version`, options, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

test('sandbox kubeconfig reaches the sandbox', async (t) => {
  const dir = await tempDir(t);
  const kubeconfigOut = path.join(dir, 'config');
  const sandbox = await startSandbox({ manifestText: '', kubeconfigOut });
  t.after(() => sandbox.stop());

  const connection = await loadConnection({ env: isolatedEnv({ KUBECONFIG: kubeconfigOut }) });
  assert.equal(connection.server, sandbox.url);
  assert.equal(connection.contextName, 'podexec-sandbox');
  assert.equal(await getVersionStatus(connection), 200);
});

test('plugin token reaches the sandbox', async (t) => {
  const dir = await tempDir(t);
  const sandbox = await startSandbox({ manifestText: '' });
  t.after(() => sandbox.stop());

  // The plugin prints the sandbox token on the first run and a wrong one afterwards, so a second
  // run is visible as a 401.
  const credential = (token: string): string =>
    JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } });
  const plugin = await writeScript(
    dir,
    'plugin.sh',
    `#!/bin/sh\nif [ -e "$0.ran" ]; then echo '${credential('wrong')}'; else touch "$0.ran"; echo '${credential(sandbox.token)}'; fi\n`,
  );
  const file = await writeConfig(dir, 'config', {
    clusters: [{ name: 's', cluster: { server: sandbox.url, 'certificate-authority-data': Buffer.from(sandbox.caPem).toString('base64') } }],
    users: [{ name: 's', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } } }],
    contexts: [{ name: 's', context: { cluster: 's', user: 's' } }],
    'current-context': 's',
  });

  const connection = await loadConnection({ kubeconfig: file, env: isolatedEnv() });
  assert.equal(await getVersionStatus(connection), 200);
  assert.equal(await getVersionStatus(connection), 200);
  connection.invalidateCredentials();
  assert.equal(await getVersionStatus(connection), 401);
});
