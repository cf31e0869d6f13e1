/** Sandbox pods shared by the Exec integration tests, and small helpers for them. */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

export const MANIFEST = `
apiVersion: v1
kind: Pod
metadata: {name: box, namespace: default}
spec:
  containers: [{name: main, image: sandbox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: duo
  namespace: shop
  annotations: {kubectl.kubernetes.io/default-container: web}
spec:
  containers: [{name: web, image: sandbox}, {name: sidecar, image: sandbox}]
---
apiVersion: v1
kind: Pod
metadata: {name: finished, namespace: default}
spec:
  containers: [{name: main, image: sandbox}]
status: {phase: Succeeded}
---
apiVersion: v1
kind: Pod
metadata:
  name: noshell
  namespace: default
  annotations: {sandbox.podexec.io/missing-tools: "sh"}
spec:
  containers: [{name: main, image: sandbox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: flaky
  namespace: default
  annotations: {sandbox.podexec.io/faults: "upgrade-status=503,upgrade-failures=2"}
spec:
  containers: [{name: main, image: sandbox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: throttled
  namespace: default
  annotations: {sandbox.podexec.io/faults: "upgrade-status=429,upgrade-failures=1,retry-after-seconds=1"}
spec:
  containers: [{name: main, image: sandbox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: down
  namespace: default
  annotations: {sandbox.podexec.io/faults: "upgrade-status=503"}
spec:
  containers: [{name: main, image: sandbox}]
`;

export function startExecSandbox(): Promise<TestSandbox> {
  return startTestSandbox(MANIFEST);
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes a copy of the sandbox kubeconfig whose token is wrong, and returns its path. */
export async function kubeconfigWithWrongToken(sandbox: TestSandbox): Promise<string> {
  const text = await readFile(sandbox.kubeconfigPath, 'utf8');
  if (!text.includes(sandbox.sandbox.token)) throw new Error('the sandbox kubeconfig does not contain its token');
  const path = join(sandbox.dir, 'wrong-token-kubeconfig');
  await writeFile(path, text.replaceAll(sandbox.sandbox.token, 'wrong-token'), { mode: 0o600 });
  return path;
}
