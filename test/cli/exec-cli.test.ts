import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata: {name: box, namespace: default}
spec:
  containers: [{name: main, image: sandbox}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: shop}
spec:
  containers: [{name: app, image: sandbox}]
`;

interface CliRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('podexec exec against the sandbox', () => {
  let sandbox: TestSandbox;

  before(async () => {
    sandbox = await startTestSandbox(MANIFEST);
  });

  after(async () => {
    await sandbox?.stop();
  });

  /** Runs the CLI with `args`; `stdin` undefined leaves stdin empty and closed. */
  function podexec(args: string[], stdin?: Buffer | string): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [MAIN, ...args], { env: sandbox.env, stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString() }));
      child.stdin.end(stdin);
    });
  }

  it('prints echo output and exits 0', async () => {
    const run = await podexec(['exec', 'box', '--', 'echo', 'hi']);
    assert.equal(run.stdout.toString(), 'hi\n');
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
  });

  it('exits with the remote exit code', async () => {
    const run = await podexec(['exec', '-n', 'shop', 'web-0', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(run.stdout.toString(), 'out\n');
    assert.equal(run.stderr, 'err\n');
    assert.equal(run.code, 3);
  });

  it('pipes stdin with -i', async () => {
    const hello = await podexec(['exec', '-i', 'box', '--', 'cat'], 'hello\n');
    assert.equal(hello.stdout.toString(), 'hello\n');
    assert.equal(hello.code, 0);

    const data = randomBytes(1024 * 1024);
    const hashed = await podexec(['exec', '-i', 'box', '--', 'sha256sum'], data);
    assert.equal(hashed.stdout.toString().split(' ')[0], sha256(data));

    const empty = await podexec(['exec', '--stdin', 'box', '--', 'wc', '-c']);
    assert.equal(empty.stdout.toString().trim(), '0');
    assert.equal(empty.code, 0);
  });

  it('passes tricky arguments as is', async () => {
    const run = await podexec(['exec', 'box', '--', 'printf', '%s|', 'a b', "it's", '"q"', '$(id)', '`id`', ';', '&&', '*', '\n', '-n']);
    assert.equal(run.stdout.length, 36);
    assert.equal(run.stdout.toString(), `a b|it's|"q"|$(id)|\`id\`|;|&&|*|\n|-n|`);
  });

  it('exits 127 for a missing executable', async () => {
    const run = await podexec(['exec', 'box', '--', 'nosuch-tool']);
    assert.equal(run.code, 127);
    assert.equal(run.stdout.length, 0);
    // The CLI always sets a run marker (for Ctrl-C), so env reports the missing tool on stderr first.
    const lines = run.stderr.split('\n');
    assert.match(lines[0] ?? '', /^env: .*nosuch-tool.*No such file or directory$/);
    assert.equal(lines[1], 'podexec: PODEXEC_COMMAND_START_FAILED: Command could not start in pod box (namespace default, container main): nosuch-tool');
    // env's line is shown once, not repeated after podexec's message.
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
  });

  it('exits 125 for a missing pod', async () => {
    const run = await podexec(['exec', 'nosuch', '--', 'true']);
    assert.equal(run.code, 125);
    assert.equal(run.stderr, 'podexec: PODEXEC_POD_NOT_FOUND: Pod nosuch not found in namespace default.\n');
  });

  it('exits 124 on timeout and stops the command', async () => {
    const run = await podexec(['exec', '--timeout', '500ms', 'box', '--', 'sleep', '4331']);
    assert.equal(run.code, 124);
    assert.equal(run.stderr, 'podexec: PODEXEC_TIMEOUT: Command timed out after 500 ms in pod box (namespace default): sleep 4331\n');
    const ps = await podexec(['exec', 'box', '--', 'ps', '-eo', 'args']);
    assert.equal(ps.stdout.toString().includes('sleep 4331'), false);
  });

  it('exits 130 on SIGINT and stops the command', async () => {
    const child = spawn(process.execPath, [MAIN, 'exec', 'box', '--', 'sh', '-c', 'echo started; exec sleep 4332'],
      { env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.kill('SIGINT'));
    const [code] = await new Promise<[number | null]>((resolve) => child.on('close', (exitCode) => resolve([exitCode])));
    assert.equal(code, 130);
    assert.equal(stderr, "podexec: PODEXEC_CANCELED: Command was canceled in pod box (namespace default): sh -c 'echo started; exec sleep 4332'\n");
    const ps = await podexec(['exec', 'box', '--', 'ps', '-eo', 'args']);
    assert.equal(ps.stdout.toString().includes('sleep 4332'), false);
  });

  it('prints JSON with base64 for binary output', async () => {
    const run = await podexec(['exec', '-o', 'json', 'box', '--', 'sh', '-c', "printf '\\377\\000'; echo text >&2; exit 5"]);
    assert.equal(run.code, 5);
    const parsed = JSON.parse(run.stdout.toString()) as Record<string, unknown>;
    assert.equal(parsed.pod, 'box');
    assert.equal(parsed.namespace, 'default');
    assert.equal(parsed.container, 'main');
    assert.equal(parsed.exitCode, 5);
    assert.equal(parsed.stdout, '/wA=');
    assert.equal(parsed.stdoutEncoding, 'base64');
    assert.equal(parsed.stderr, 'text\n');
    assert.equal(parsed.stderrEncoding, 'utf8');
    assert.equal(typeof parsed.durationMs, 'number');
    assert.equal(parsed.command, "sh -c 'printf '\\''\\377\\000'\\''; echo text >&2; exit 5'");
  });

  it('prints JSON errors', async () => {
    const run = await podexec(['exec', '--output=json', 'nosuch', '--', 'true']);
    assert.equal(run.code, 125);
    const parsed = JSON.parse(run.stdout.toString()) as { error: { code: string; message: string } };
    assert.deepEqual(parsed.error, { code: 'PODEXEC_POD_NOT_FOUND', message: 'Pod nosuch not found in namespace default.' });
  });

  it('warns once and continues when -t has no terminal', async () => {
    const run = await podexec(['exec', '-it', 'box', '--', 'cat'], 'x');
    assert.equal(run.stderr, 'podexec: warning: --tty ignored because stdin is not a terminal\n');
    assert.equal(run.stdout.toString(), 'x');
    assert.equal(run.code, 0);
  });

  it('exits 2 for usage errors', async () => {
    const noDash = await podexec(['exec', 'box', 'ls', '-l']);
    assert.equal(noDash.code, 2);
    assert.equal(noDash.stderr, `podexec: PODEXEC_USAGE: the command must follow "--": podexec exec box -- ls -l\nSee 'podexec exec --help'.\n`);
    const badTimeout = await podexec(['exec', '--timeout', '5', 'box', '--', 'true']);
    assert.equal(badTimeout.code, 2);
    assert.match(badTimeout.stderr, /invalid --timeout "5"/);
    const missingPod = await podexec(['exec']);
    assert.equal(missingPod.code, 2);
    assert.match(missingPod.stderr, /missing TARGET/);
    const badBackend = await podexec(['exec', '--backend', 'nope', 'box', '--', 'true']);
    assert.equal(badBackend.code, 2);
    assert.match(badBackend.stderr, /^podexec: PODEXEC_UNKNOWN_BACKEND: Unknown backend "nope"/);
    const unknown = await podexec(['frobnicate']);
    assert.equal(unknown.code, 2);
  });

  it('lists backends and prints the version', async () => {
    const backends = await podexec(['backends']);
    assert.equal(backends.code, 0);
    assert.ok(backends.stdout.toString().split('\n').includes('kube'));
    assert.ok(backends.stdout.toString().split('\n').includes('kubectl'));
    const version = await podexec(['--version']);
    assert.match(version.stdout.toString(), /^podexec \d+\.\d+\.\d+\n$/);
  });
});
