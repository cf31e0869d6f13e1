import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { startTestSandbox } from '../../helpers/sandbox.js';
import type { TestSandbox } from '../../helpers/sandbox.js';
import { runChild } from './child.js';

/** Debian's python3-kubernetes is importable only by Debian's own interpreter. */
const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import kubernetes; print(kubernetes.__version__)'], { encoding: 'utf8' });

test('python3-kubernetes is importable by /usr/bin/python3', () => {
  // .ci/run installs it; a missing client must fail the suite, never skip it.
  assert.equal(probe.status, 0, `${PYTHON} cannot import kubernetes (apt-get install python3-kubernetes): ${probe.stderr || probe.error?.message}`);
});

/**
 * Runs each argv in pod `shell` with the Python client's stream() helper, which offers only
 * v4.channel.k8s.io, and prints one JSON result per command.
 */
const SCRIPT = `
import json, sys
from kubernetes import client, config
from kubernetes.stream import stream

config.load_kube_config(config_file=sys.argv[1])
api = client.CoreV1Api()
results = []
for argv in json.loads(sys.argv[2]):
    response = stream(api.connect_get_namespaced_pod_exec, 'shell', 'default', command=argv,
                      stdin=False, stdout=True, stderr=True, tty=False, _preload_content=False)
    response.run_forever(timeout=60)
    results.append({'returncode': response.returncode, 'stdout': response.read_stdout(),
                    'stderr': response.read_stderr()})
    response.close()
print(json.dumps(results))
`;

interface PythonResult {
  returncode: number | null;
  stdout: string;
  stderr: string;
}

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

describe('python3-kubernetes against the sandbox', () => {
  let sandbox: TestSandbox;

  before(async () => {
    sandbox = await startTestSandbox(MANIFEST);
  });
  after(async () => {
    await sandbox.stop();
  });

  async function runPython(commands: string[][]): Promise<PythonResult[]> {
    const result = await runChild(PYTHON, ['-c', SCRIPT, sandbox.kubeconfigPath, JSON.stringify(commands)], sandbox.env);
    assert.equal(result.stderr.toString(), '');
    assert.equal(result.exitCode, 0);
    return JSON.parse(result.stdout.toString()) as PythonResult[];
  }

  test('returncode 0 for true', async () => {
    const [result] = await runPython([['true']]);
    assert.deepEqual(result, { returncode: 0, stdout: '', stderr: '' });
  });

  test('returncode 3 with output', async () => {
    const [result] = await runPython([['sh', '-c', 'echo out; echo err >&2; exit 3']]);
    assert.deepEqual(result, { returncode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  test('several execs in one process', async () => {
    const results = await runPython([['echo', 'one'], ['sh', '-c', 'exit 3'], ['echo', 'three']]);
    assert.deepEqual(results, [
      { returncode: 0, stdout: 'one\n', stderr: '' },
      { returncode: 3, stdout: '', stderr: '' },
      { returncode: 0, stdout: 'three\n', stderr: '' },
    ]);
  });
});
