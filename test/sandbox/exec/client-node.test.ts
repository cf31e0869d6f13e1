import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Exec, KubeConfig } from '@kubernetes/client-node';
import type { V1Status } from '@kubernetes/client-node';
import { nonZeroExitStatus, successStatus } from '../../../src/protocol/index.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import type { TestSandbox } from '../../helpers/sandbox.js';

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata:
  name: shell
spec:
  containers:
    - name: main
      image: busybox
`;

function collector(chunks: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
}

interface ClientNodeRun {
  status: V1Status | undefined;
  stdout: string;
  stderr: string;
  closeCode: number;
}

describe('@kubernetes/client-node against the sandbox', () => {
  let sandbox: TestSandbox;
  let exec: Exec;

  before(async () => {
    sandbox = await startTestSandbox(MANIFEST);
    const config = new KubeConfig();
    config.loadFromFile(sandbox.kubeconfigPath);
    exec = new Exec(config);
  });
  after(async () => {
    await sandbox.stop();
  });

  /** Runs `argv` and waits for the connection to close, not only for it to open. */
  async function run(argv: string[]): Promise<ClientNodeRun> {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let status: V1Status | undefined;
    const ws = await exec.exec('default', 'shell', 'main', argv, collector(stdout), collector(stderr), null, false, (received) => {
      status = received;
    });
    const closeCode = await new Promise<number>((resolve) => {
      ws.on('close', (code: number) => resolve(code));
    });
    return { status, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), closeCode };
  }

  test('Success status for true', async () => {
    const result = await run(['true']);
    assert.deepEqual(result.status, successStatus());
    assert.equal(result.closeCode, 1000);
  });

  test('NonZeroExitCode status with cause 3', async () => {
    const result = await run(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.deepEqual(result.status, nonZeroExitStatus(3));
    assert.deepEqual(result.status?.details?.causes, [{ reason: 'ExitCode', message: '3' }]);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
    assert.equal(result.closeCode, 1000);
  });
});
