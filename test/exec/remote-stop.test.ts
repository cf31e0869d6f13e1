import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { remoteStopScript } from '../../src/exec/remote-stop.js';

const execFileAsync = promisify(execFile);

describe('remoteStopScript', () => {
  it('kills the marked process tree and nothing else', async () => {
    const runId = `test-${process.pid}-${Date.now()}`;
    // A parent shell with a child sleep, both carrying the marker, plus an unmarked sleep.
    const marked = spawn('env', [`PODEXEC_RUN_ID=${runId}`, 'sh', '-c', 'sleep 300 & wait'], { stdio: 'ignore' });
    const unmarked = spawn('sleep', ['300'], { stdio: 'ignore' });
    const markedExit = once(marked, 'exit');
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { stdout } = await execFileAsync('sh', ['-c', remoteStopScript(runId)]);
      assert.equal(Number(stdout.trim()), 2);
      const [code, signal] = await markedExit;
      assert.equal(code, null);
      assert.equal(signal, 'SIGKILL');
      assert.equal(unmarked.exitCode, null);
      assert.equal(unmarked.signalCode, null);
      const { stdout: again } = await execFileAsync('sh', ['-c', remoteStopScript(runId)]);
      assert.equal(again.trim(), '0');
    } finally {
      marked.kill('SIGKILL');
      unmarked.kill('SIGKILL');
    }
  });

  it('does not match a run id that is a prefix', async () => {
    const runId = `prefix-${process.pid}-${Date.now()}`;
    const other = spawn('env', [`PODEXEC_RUN_ID=${runId}x`, 'sleep', '300'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { stdout } = await execFileAsync('sh', ['-c', remoteStopScript(runId)]);
      assert.equal(stdout.trim(), '0');
      assert.equal(other.exitCode, null);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
