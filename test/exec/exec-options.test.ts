import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CommandFailedError, CommandStartError } from '../../src/core/errors.js';
import { Exec, type RunStartMessage } from '../../src/exec/index.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { sha256, startExecSandbox } from './fixtures.js';

const execFileAsync = promisify(execFile);
const TRICKY_ARGS = ['a b', "it's", '"q"', '$(id)', '`id`', ';', '&&', '*', '\n', '-n'];

describe('Exec command options against the sandbox', () => {
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

  it('passes every argument as is, with no shell', async () => {
    const local = execFileSync('printf', ['%s|', ...TRICKY_ARGS]);
    assert.equal(local.length, 36);
    const remote = await exec.run('box', undefined, ['printf', '%s|', ...TRICKY_ARGS]);
    assert.equal(remote.stdout.toString('hex'), local.toString('hex'));
  });

  it('does not run shell syntax inside an argument', async () => {
    const before = await exec.run('box', undefined, ['test', '-e', '/tmp/pwned']);
    assert.equal(before.exitCode, 1);
    const result = await exec.run('box', undefined, ['ls', '/tmp; touch /tmp/pwned']);
    assert.notEqual(result.exitCode, 0);
    const check = await exec.run('box', undefined, ['test', '-e', '/tmp/pwned']);
    assert.equal(check.exitCode, 1);
  });

  it('sets env variables without a shell', async () => {
    const value = 'hello world; $(id) `id` \'"';
    const result = await exec.run('box', undefined, { cmd: ['printenv', 'GREETING'], env: { GREETING: value } });
    assert.equal(result.stdout.toString(), `${value}\n`);
    assert.equal(result.command, `env 'GREETING=hello world; $(id) \`id\` '\\''"' printenv GREETING`);
  });

  it('masks secrets in command text and errors but not in output', async () => {
    const secret = 'tok-5f3a9';
    const result = await exec.run('box', undefined, { cmd: ['echo', `--token=${secret}`], secrets: [secret] });
    assert.equal(result.command, "echo '--token=***'");
    assert.equal(result.stdout.toString(), `--token=${secret}\n`);

    await assert.rejects(exec.run('box', undefined, { cmd: ['sh', '-c', 'echo "$0" >&2; exit 4', secret], secrets: [secret], checkExitCode: true }),
      (error: unknown) => {
        assert.ok(error instanceof CommandFailedError);
        assert.equal(error.command, "sh -c 'echo \"$0\" >&2; exit 4' '***'");
        assert.equal(error.message.includes(secret), false);
        assert.equal(error.stderr.toString(), `${secret}\n`);
        return true;
      });

    await assert.rejects(exec.run('box', undefined, { cmd: [`/opt/${secret}/run`], secrets: [secret] }), (error: unknown) => {
      assert.ok(error instanceof CommandStartError);
      assert.equal(error.command, "'/opt/***/run'");
      assert.equal(error.message.includes(secret), false);
      assert.equal(error.serverMessage?.includes(secret), false);
      assert.equal(error.stack?.includes(secret), false);
      assert.match(error.serverMessage ?? '', /\/opt\/\*\*\*\/run/);
      return true;
    });
  });

  it('publishes masked diagnostics_channel messages', async () => {
    const starts: RunStartMessage[] = [];
    const onStart = (message: unknown): void => {
      starts.push(message as RunStartMessage);
    };
    subscribe('podexec:run:start', onStart);
    try {
      await exec.run('box', undefined, { cmd: ['echo', 'pw-77'], secrets: ['pw-77'] });
    } finally {
      unsubscribe('podexec:run:start', onStart);
    }
    const mine = starts.filter((message) => message.command === "echo '***'");
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.pod, 'box');
    assert.equal(mine[0]?.backend, 'kube');
  });

  it('masks secrets in debug logs', async () => {
    const script = fileURLToPath(new URL('./debug-log-child.js', import.meta.url));
    const { stderr } = await execFileAsync(process.execPath, [script, sandbox.kubeconfigPath], {
      env: { ...process.env, NODE_DEBUG: 'podexec' },
    });
    assert.match(stderr, /start: backend kube, pod default\/box, container \(default\): echo '\*\*\*'/);
    assert.match(stderr, /end: exit code 0/);
    assert.equal(stderr.includes('pw-secret-88'), false);
  });

  it('writes to a slow Writable with backpressure', async () => {
    const received: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk);
        setImmediate(callback);
      },
    });
    const chunks: number[] = [];
    const result = await exec.run('box', undefined, {
      cmd: ['head', '-c', '5000000', '/dev/urandom'],
      stdout: slow,
      buffer: false,
      onStdout: (chunk) => chunks.push(chunk.length),
    });
    const data = Buffer.concat(received);
    assert.equal(result.stdout.length, 0);
    assert.equal(data.length, 5_000_000);
    assert.equal(chunks.reduce((sum, length) => sum + length, 0), 5_000_000);
    assert.ok(chunks.length > 1);
    assert.equal(slow.writableEnded, false);
    const check = await exec.run('box', undefined, { cmd: ['sha256sum'], stdin: data });
    assert.equal(check.stdout.toString().split(' ')[0], sha256(data));
  });
});
