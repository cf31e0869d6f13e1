import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CanceledError, TimeoutError } from '../../src/core/errors.js';
import { Exec } from '../../src/exec/index.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { startExecSandbox } from './fixtures.js';

describe('Exec timeouts, cancellation and kill', () => {
  let sandbox: TestSandbox;
  let exec: Exec;

  before(async () => {
    sandbox = await startExecSandbox();
    exec = new Exec({ kubeconfig: sandbox.kubeconfigPath });
  });

  after(async () => {
    await exec?.close();
    await sandbox?.stop();
  });

  /** Returns the command lines of the processes in pod `box`. */
  async function processes(): Promise<string[]> {
    const result = await exec.run('box', undefined, ['ps', '-eo', 'args']);
    return result.stdout.toString().split('\n');
  }

  /** Waits until a process with exactly these args runs in pod `box`. */
  async function waitForProcess(args: string): Promise<void> {
    while (!(await processes()).includes(args)) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('times out and stops the remote command', async () => {
    await assert.rejects(exec.run('box', undefined, { cmd: ['sh', '-c', 'echo begun; exec sleep 4321'], timeout: 1000 }), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.code, 'PODEXEC_TIMEOUT');
      assert.equal(error.timeoutMs, 1000);
      assert.equal(error.message, "Command timed out after 1000 ms in pod box (namespace default): sh -c 'echo begun; exec sleep 4321'");
      assert.deepEqual(error.remoteStop, { stopped: true, detail: 'sent SIGKILL to 1 process' });
      assert.equal(error.stdout.toString(), 'begun\n');
      assert.equal(error.pod, 'box');
      assert.equal(error.namespace, 'default');
      assert.equal(error.container, 'main');
      return true;
    });
    assert.equal((await processes()).some((line) => line.includes('sleep 4321')), false);
  });

  it('stops a whole process tree', async () => {
    await assert.rejects(exec.run('box', undefined, { cmd: 'sleep 4324 & sleep 4325 & echo two; wait', timeout: 1000 }), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.remoteStop.stopped, true);
      assert.equal(error.remoteStop.detail, 'sent SIGKILL to 3 processes');
      return true;
    });
    const left = await processes();
    assert.equal(left.some((line) => line.includes('sleep 4324') || line.includes('sleep 4325')), false);
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    const run = exec.run('box', undefined, {
      cmd: ['sh', '-c', 'echo started; exec sleep 4323'],
      signal: controller.signal,
      onStdout: () => controller.abort(),
    });
    await assert.rejects(run, (error: unknown) => {
      assert.ok(error instanceof CanceledError);
      assert.equal(error.code, 'PODEXEC_CANCELED');
      assert.equal(error.message, "Command was canceled in pod box (namespace default): sh -c 'echo started; exec sleep 4323'");
      assert.deepEqual(error.remoteStop, { stopped: true, detail: 'sent SIGKILL to 1 process' });
      assert.equal(error.stdout.toString(), 'started\n');
      return true;
    });
    assert.equal((await processes()).some((line) => line.includes('sleep 4323')), false);
  });

  it('rejects at once for a signal aborted before the run', async () => {
    await assert.rejects(exec.run('box', undefined, { cmd: ['true'], signal: AbortSignal.abort() }), (error: unknown) => {
      assert.ok(error instanceof CanceledError);
      assert.deepEqual(error.remoteStop, { stopped: true, detail: 'the command had not started' });
      return true;
    });
  });

  it('kills a run started with wait false', async () => {
    const handle = exec.run('box', undefined, { cmd: ['sleep', '4322'], wait: false });
    await waitForProcess('sleep 4322');
    const report = await handle.kill();
    assert.deepEqual(report, { stopped: true, detail: 'sent SIGKILL to 1 process' });
    await assert.rejects(handle.result, (error: unknown) => {
      assert.ok(error instanceof CanceledError);
      assert.deepEqual(error.remoteStop, report);
      return true;
    });
    assert.equal((await processes()).some((line) => line.includes('sleep 4322')), false);
    assert.deepEqual(await handle.kill(), report);
  });

  it('streams stdin through the handle', async () => {
    const handle = exec.run('box', undefined, {
      cmd: ['sh', '-c', 'echo ready; read line; echo "got $line"'],
      wait: false,
      stdin: true,
      timeout: 30_000,
      // The command waits for stdin until it printed "ready", so this proves chunks arrive before the end.
      onStdout: (chunk) => {
        if (chunk.toString() === 'ready\n') handle.stdin?.end('go\n');
      },
    });
    const result = await handle.result;
    assert.equal(result.stdout.toString(), 'ready\ngot go\n');
    assert.equal(result.exitCode, 0);
    assert.deepEqual(await handle.kill(), { stopped: true, detail: 'the command had already ended' });
  });

  it('says when the container cannot run the stop command', async () => {
    await assert.rejects(exec.run('noshell', undefined, { cmd: ['sleep', '3'], timeout: 500 }), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.remoteStop.stopped, false);
      assert.match(error.remoteStop.detail ?? '', /^the container cannot run sh, which stopping the command needs: /);
      assert.match(error.message, /^Command timed out after 500 ms in pod noshell \(namespace default\): sleep 3\nThe command may still be running: the container cannot run sh/);
      return true;
    });
  });
});
