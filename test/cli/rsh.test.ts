/**
 * `podexec rsh`, and `podexec exec` with the kubectl backend, run as real child processes of the
 * podexec CLI against a sandbox, with both built-in backends and the real kubectl.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata:
  name: shell-0
  namespace: default
spec:
  containers:
    - name: main
      image: busybox:1.36
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: busybox:1.36
`;

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** Runs `podexec ARGS` in a child process; `input` undefined means stdin is /dev/null. */
function runPodexec(
  args: readonly string[],
  options: { input?: Buffer; env?: NodeJS.ProcessEnv } = {},
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: options.env ?? sandbox.env,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  // A command may exit before reading all of its input.
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(options.input);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => {
      resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

let sandbox: TestSandbox;

before(async () => {
  sandbox = await startTestSandbox(MANIFESTS);
});

after(async () => {
  await sandbox?.stop();
});

for (const backend of ['kube', 'kubectl']) {
  test(`${backend}: hostname of a pod`, async () => {
    const result = await runPodexec(['rsh', '--backend', backend, 'shell-0', 'hostname']);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'shell-0\n');
    assert.equal(result.exitCode, 0);
  });

  test(`${backend}: cat with stdin at /dev/null`, async () => {
    const result = await runPodexec(['rsh', '--backend', backend, 'shell-0', 'cat', '/etc/hostname']);
    // Only namespaced sandbox pods get their own /etc/hostname; plain-process pods see the host's.
    const expected = sandbox.sandbox.runtime.mode === 'namespaces' ? 'shell-0\n' : readFileSync('/etc/hostname', 'utf8');
    assert.equal(result.stdout, expected);
    assert.equal(result.stderr, '');
    assert.equal(result.exitCode, 0);
  });

  test(`${backend}: deployment resolves to its pod`, async () => {
    const result = await runPodexec(['rsh', '--backend', backend, 'deploy/web', 'hostname']);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^web-[a-z0-9]+-[a-z0-9]+\n$/);
    assert.equal(result.exitCode, 0);
  });

  test(`${backend}: stdin and exit code`, async () => {
    const input = Buffer.alloc(300_000, 'podexec\n');
    const result = await runPodexec(['rsh', '--backend', backend, 'shell-0', 'sh', '-c', 'wc -c; exit 3'], { input });
    assert.equal(result.stdout.trim(), '300000');
    assert.equal(result.stderr, '');
    assert.equal(result.exitCode, 3);
  });

  test(`${backend}: default shell gets TERM`, async () => {
    const input = Buffer.from('echo "term=$TERM"\nexit 5\n');
    const result = await runPodexec(['rsh', '--backend', backend, 'shell-0'], { input, env: { ...sandbox.env, TERM: 'xterm-256color' } });
    assert.equal(result.stdout, 'term=xterm-256color\n');
    assert.equal(result.exitCode, 5);
  });
}

for (const backend of ['kube', 'kubectl']) {
  test(`exec ${backend}: stdin with -i`, async () => {
    const input = Buffer.from(Array.from({ length: 4096 }, (_, index) => index % 256));
    const result = await runPodexec(['exec', '--backend', backend, '-i', 'shell-0', '--', 'od', '-An', '-tx1', '-v'], { input });
    const expected = input.toString('hex').match(/../g)?.join(' ');
    assert.equal(result.stdout.replace(/\s+/g, ' ').trim(), expected);
    assert.equal(result.stderr, '');
    assert.equal(result.exitCode, 0);
  });
}

test('exec kubectl: exit code 3', async () => {
  const result = await runPodexec(['exec', '--backend', 'kubectl', 'shell-0', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(result.stdout, 'out\n');
  assert.equal(result.stderr, 'err\n');
  assert.equal(result.exitCode, 3);
});

test('exec kubectl: missing binary is named', async () => {
  const result = await runPodexec(['exec', '--backend', 'kubectl', 'shell-0', '--', 'true'], { env: { ...sandbox.env, PODEXEC_KUBECTL: '/nonexistent/kubectl' } });
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^podexec: PODEXEC_BACKEND_UNAVAILABLE: .*Looked at: PODEXEC_KUBECTL=\/nonexistent\/kubectl \(not found\)\./);
  assert.equal(result.exitCode, 125);
});

test('missing kubectl binary is named', async () => {
  const result = await runPodexec(['rsh', '--backend', 'kubectl', 'shell-0', 'true'], { env: { ...sandbox.env, PODEXEC_KUBECTL: '/nonexistent/kubectl' } });
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    'podexec: PODEXEC_BACKEND_UNAVAILABLE: The kubectl backend cannot run: no usable kubectl binary. Looked at: PODEXEC_KUBECTL=/nonexistent/kubectl (not found). ' +
      'Install kubectl or oc, or set PODEXEC_KUBECTL or the kubectlPath backend option to the binary.\n',
  );
  assert.equal(result.exitCode, 125);
});

test('unknown backend lists registered ones', async () => {
  const result = await runPodexec(['rsh', '--backend', 'nope', 'shell-0', 'true']);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^podexec: PODEXEC_UNKNOWN_BACKEND: Unknown backend "nope"\. Registered backends: .*\bkube\b.*\bkubectl\b.*\.\n$/);
  assert.equal(result.exitCode, 2);
});

test('missing target is a usage error', async () => {
  const result = await runPodexec(['rsh', '-n', 'default']);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, "podexec: PODEXEC_USAGE: missing TARGET: give a pod name or TYPE/NAME such as deploy/web\nSee 'podexec rsh --help'.\n");
  assert.equal(result.exitCode, 2);
});

test('missing pod exits 125', async () => {
  const result = await runPodexec(['rsh', 'no-such-pod', 'true']);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'podexec: PODEXEC_POD_NOT_FOUND: Pod no-such-pod not found in namespace default.\n');
  assert.equal(result.exitCode, 125);
});
