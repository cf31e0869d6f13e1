/** The kubeconfig that points clients at a sandbox, and writing it without a half-written window. */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** Name of the cluster, user and context entries in the sandbox kubeconfig. */
export const SANDBOX_CONTEXT = 'podexec-sandbox';

export function buildKubeconfig(url: string, caPem: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: SANDBOX_CONTEXT,
        cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: SANDBOX_CONTEXT, user: { token } }],
    contexts: [{ name: SANDBOX_CONTEXT, context: { cluster: SANDBOX_CONTEXT, user: SANDBOX_CONTEXT, namespace: 'default' } }],
    'current-context': SANDBOX_CONTEXT,
    preferences: {},
  });
}

/**
 * Writes `text` to `path` through a temporary file in the same folder and a rename, so a reader
 * sees the old file or the complete new one. Mode 0600 because the file contains the token.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
