import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { spawn } from 'node-pty';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata: {name: box, namespace: default}
spec:
  containers: [{name: main, image: sandbox}]
`;

describe('podexec exec -it on a terminal', () => {
  let sandbox: TestSandbox;

  before(async () => {
    sandbox = await startTestSandbox(MANIFEST);
  });

  after(async () => {
    await sandbox?.stop();
  });

  it('forwards the size, raw input and the exit code', async () => {
    const terminal = spawn(process.execPath, [MAIN, 'exec', '-it', 'box', '--', 'sh', '-c', 'stty size; read x; echo "got:$x"; exit 7'], {
      cols: 91,
      rows: 33,
      env: sandbox.env as Record<string, string>,
    });
    let output = '';
    let answered = false;
    terminal.onData((data) => {
      output += data;
      if (!answered && output.includes('33 91')) {
        answered = true;
        terminal.write('hey\r');
      }
    });
    // Without the expected size the prompt is never answered; end the run instead of hanging.
    const guard = setTimeout(() => terminal.kill('SIGKILL'), 20_000);
    const exitCode = await new Promise<number>((resolve) => terminal.onExit(({ exitCode: code }) => resolve(code)));
    clearTimeout(guard);
    assert.ok(answered, `the remote terminal never reported 33 rows and 91 columns: ${JSON.stringify(output)}`);
    assert.equal(exitCode, 7);
    // The remote terminal ends lines with \r\n; the local one, still in output-processing mode, adds a \r.
    const lines = output.split(/\r+\n/);
    assert.equal(lines[0], '33 91');
    assert.ok(lines.includes('got:hey'), JSON.stringify(output));
  });
});
