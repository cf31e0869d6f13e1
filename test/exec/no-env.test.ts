/**
 * Runs into a container without the `env` binary, which sets the run marker of stoppable runs.
 * The dispatcher then runs the command without the marker and reports that it cannot stop it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CommandStartError, TimeoutError } from '../../src/core/errors.js';
import { Exec } from '../../src/exec/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata:
  name: noenv
  namespace: default
  annotations: {sandbox.podexec.io/missing-tools: "env"}
spec:
  containers: [{name: main, image: sandbox}]
`;

const NOTE = 'The container has no env binary, so the command ran without the run marker; ' +
  'a timeout or cancellation cannot stop it inside the pod.';

describe('container without env', () => {
  let sandbox: TestSandbox;
  let exec: Exec;

  before(async () => {
    sandbox = await startTestSandbox(MANIFEST);
    exec = new Exec({ kubeconfig: sandbox.kubeconfigPath });
  });

  after(async () => {
    await exec?.close();
    await sandbox?.stop();
  });

  it('runs a stoppable command unmarked', async () => {
    const result = await exec.run('noenv', 'default', { cmd: ['echo', 'hi'], timeout: 30_000, stdin: 'ignored' });
    assert.equal(result.stdout.toString('utf8'), 'hi\n');
    assert.equal(result.stderr.length, 0);
    assert.equal(result.exitCode, 0);
    assert.ok(result.diagnostics.includes(NOTE), JSON.stringify(result.diagnostics));
  });

  it('sends stdin again after the fallback', async () => {
    const result = await exec.run('noenv', 'default', { cmd: ['cat'], timeout: 30_000, stdin: 'data\n' });
    assert.equal(result.stdout.toString('utf8'), 'data\n');
    assert.equal(result.exitCode, 0);
  });

  it('reports a timeout it cannot stop', async () => {
    await assert.rejects(exec.run('noenv', 'default', { cmd: ['sleep', '3'], timeout: 500 }), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.code, 'PODEXEC_TIMEOUT');
      assert.equal(error.remoteStop.stopped, false);
      assert.equal(
        error.remoteStop.detail,
        'the container has no env binary to set the run marker, so the command cannot be found in the pod',
      );
      assert.match(error.message, /The command may still be running/);
      return true;
    });
  });

  it('still fails when the env option needs env', async () => {
    await assert.rejects(exec.run('noenv', 'default', { cmd: ['true'], env: { A: '1' } }), (error: unknown) => {
      assert.ok(error instanceof CommandStartError);
      assert.equal(error.code, 'PODEXEC_COMMAND_START_FAILED');
      assert.equal(error.notFound, true);
      assert.match(error.serverMessage ?? '', /"env": executable file not found/);
      return true;
    });
  });

  it('CLI runs in the container', async () => {
    const child = spawn(process.execPath, [MAIN, 'exec', 'noenv', '--', 'echo', 'from cli'], {
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stdout, 'from cli\n');
    assert.equal(stderr, '');
    assert.equal(exitCode, 0);
  });
});
