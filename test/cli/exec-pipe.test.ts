/** `podexec exec` whose stdout reader goes away, as with `podexec exec … | head -1`. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { Exec } from '../../src/exec/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata: {name: box, namespace: default}
spec:
  containers: [{name: main, image: sandbox}]
`;

let sandbox: TestSandbox;

before(async () => {
  sandbox = await startTestSandbox(MANIFEST);
});

after(async () => {
  await sandbox?.stop();
});

for (const backend of ['kube', 'kubectl']) {
  test(`${backend}: closed stdout exits 141`, async () => {
    const child = spawn(process.execPath, [MAIN, 'exec', '--backend', backend, 'box', '--', 'seq', '1', '100000000'], {
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.once('data', () => child.stdout.destroy());
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(exitCode, 141);
    assert.equal(stderr, '');

    // The remote seq was stopped with the run.
    const exec = new Exec({ kubeconfig: sandbox.kubeconfigPath });
    try {
      const processes = await exec.run('box', 'default', ['ps', '-e', '-o', 'args=']);
      assert.doesNotMatch(processes.stdout.toString('utf8'), /seq 1 100000000/);
    } finally {
      await exec.close();
    }
  });
}
