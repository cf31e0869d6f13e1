/**
 * Cases every runtime mode must pass. Each test file registers them for one mode; test names carry
 * the mode actually in use, so a machine that falls back to plain mode says so in the output.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { createPodRuntime } from '../../../src/sandbox/runtime/index.js';
import type { PodRuntime } from '../../../src/sandbox/runtime/index.js';
import { collect, hostPidsWithArgument, podSpec, run } from './helpers.js';

const NOT_FOUND_PREFIX =
  'failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: ';

function waitForOutput(stream: Readable, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        stream.off('data', onData);
        resolve();
      }
    };
    stream.on('data', onData);
  });
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Creates a runtime in a fresh state folder that the returned cleanup removes. */
export async function createTestRuntime(
  requested: 'auto' | 'plain',
): Promise<{ runtime: PodRuntime; stateDir: string; cleanup(): Promise<void> }> {
  const stateDir = mkdtempSync(join(tmpdir(), `podexec-runtime-test-${requested}-`));
  const runtime = await createPodRuntime({ mode: requested, stateDir });
  return {
    runtime,
    stateDir,
    async cleanup() {
      await runtime.stopAll();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Registers the cases for `runtime`; suite names carry the mode the runtime actually uses. */
export function registerCommonTests(runtime: PodRuntime, stateDir: string): void {
  const requested = runtime.info.mode;

  describe(`runtime common cases (${requested} mode)`, () => {
    test('mode detail is set', (t) => {
      t.diagnostic(runtime.info.detail);
      assert.ok(runtime.info.detail.startsWith(`${requested} mode`), runtime.info.detail);
    });

    test('echo round trip', async () => {
      const pod = await runtime.startPod(podSpec());
      const result = await run(pod, ['echo', 'hello pod']);
      assert.deepEqual(result.outcome, { kind: 'exited', exitCode: 0 });
      assert.equal(result.stdout.toString(), 'hello pod\n');
      assert.equal(result.stderr.length, 0);
    });

    test('stdout, stderr and exit code 3', async () => {
      const pod = await runtime.startPod(podSpec());
      const result = await run(pod, ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3']);
      assert.deepEqual(result.outcome, { kind: 'exited', exitCode: 3 });
      assert.equal(result.stdout.toString(), 'to-out\n');
      assert.equal(result.stderr.toString(), 'to-err\n');
    });

    test('SIGKILL maps to exit code 137', async () => {
      const pod = await runtime.startPod(podSpec());
      const result = await run(pod, ['sh', '-c', 'kill -9 $$']);
      assert.deepEqual(result.outcome, { kind: 'exited', exitCode: 137 });
    });

    test('1 MiB of stdin arrives intact', async () => {
      const pod = await runtime.startPod(podSpec());
      const input = randomBytes(1024 * 1024);
      const result = await run(pod, ['cat'], { stdin: input });
      assert.deepEqual(result.outcome, { kind: 'exited', exitCode: 0 });
      assert.equal(result.stdout.length, input.length);
      assert.equal(sha256(result.stdout), sha256(input));
    });

    test('10,000,000 bytes of stdout arrive intact', async () => {
      const pod = await runtime.startPod(podSpec());
      const result = await run(pod, ['head', '-c', '10000000', '/dev/zero']);
      assert.deepEqual(result.outcome, { kind: 'exited', exitCode: 0 });
      assert.equal(result.stdout.length, 10_000_000);
      assert.equal(sha256(result.stdout), sha256(Buffer.alloc(10_000_000)));
    });

    test('missing executable fails to start', async () => {
      const pod = await runtime.startPod(podSpec());
      const result = await run(pod, ['nosuchcmd', 'arg']);
      assert.deepEqual(result.outcome, {
        kind: 'start-failed',
        message: `${NOT_FOUND_PREFIX}exec: "nosuchcmd": executable file not found in $PATH: unknown`,
      });
      assert.equal(result.stdout.length, 0);
      assert.equal(result.stderr.length, 0);
    });

    test('missing absolute path fails to start', async () => {
      const pod = await runtime.startPod(podSpec());
      const result = await run(pod, ['/no/such/file']);
      assert.deepEqual(result.outcome, {
        kind: 'start-failed',
        message: `${NOT_FOUND_PREFIX}exec: "/no/such/file": stat /no/such/file: no such file or directory: unknown`,
      });
    });

    test('missing tool as argv[0] fails to start', async () => {
      const pod = await runtime.startPod(podSpec({ missingTools: ['tar', 'bash'] }));
      const result = await run(pod, ['tar', '--version']);
      assert.deepEqual(result.outcome, {
        kind: 'start-failed',
        message: `${NOT_FOUND_PREFIX}exec: "tar": executable file not found in $PATH: unknown`,
      });
      const bash = await run(pod, ['/bin/bash', '-c', 'true']);
      assert.equal(bash.outcome.kind, 'start-failed');
    });

    test('missing working directory fails to start', async () => {
      const pod = await runtime.startPod(
        podSpec({ containers: [{ name: 'main', env: [], workingDir: '/no/such/dir' }] }),
      );
      const result = await run(pod, ['pwd']);
      assert.deepEqual(result.outcome, {
        kind: 'start-failed',
        message: `${NOT_FOUND_PREFIX}chdir to cwd ("/no/such/dir") set in config.json failed: no such file or directory: unknown`,
      });
    });

    test('invalid environment fails to start', async () => {
      const pod = await runtime.startPod(
        podSpec({ containers: [{ name: 'main', env: [{ name: 'BAD', value: 'a\0b' }], workingDir: undefined }] }),
      );
      const result = await run(pod, ['true']);
      assert.equal(result.outcome.kind, 'start-failed');
      const message = result.outcome.kind === 'start-failed' ? result.outcome.message : '';
      assert.ok(message.startsWith(`${NOT_FOUND_PREFIX}exec: "true": `), message);
    });

    test('environment is the container environment', async () => {
      const pod = await runtime.startPod(
        podSpec({
          podEnv: [
            { name: 'KUBERNETES_SERVICE_HOST', value: '127.0.0.1' },
            { name: 'SHARED', value: 'from-pod' },
          ],
          containers: [
            {
              name: 'main',
              env: [
                { name: 'SHARED', value: 'from-manifest' },
                { name: 'GREETING', value: 'hi there' },
              ],
              workingDir: '/usr',
            },
          ],
        }),
      );
      const result = await run(pod, ['env']);
      assert.deepEqual(result.outcome, { kind: 'exited', exitCode: 0 });
      const lines = result.stdout.toString().trimEnd().split('\n').sort();
      assert.deepEqual(lines, [
        'GREETING=hi there',
        `HOME=${runtime.info.mode === 'namespaces' || userInfo().uid === 0 ? '/root' : userInfo().homedir}`,
        `HOSTNAME=${pod.spec.name}`,
        'KUBERNETES_SERVICE_HOST=127.0.0.1',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'SHARED=from-manifest',
      ]);
      const directory = await run(pod, ['pwd']);
      assert.equal(directory.stdout.toString(), '/usr\n');
    });

    test('TTY output and resize', async () => {
      const pod = await runtime.startPod(podSpec());
      const started = pod.exec('main', ['sh', '-c', 'stty size; read line; stty size; echo "got $line $TERM"'], {
        tty: true,
        columns: 100,
        rows: 30,
      });
      const stdout = collect(started.stdout);
      const stderr = collect(started.stderr);
      // Resize only after the first `stty size` printed, and before the input that lets the second run.
      await waitForOutput(started.stdout, '30 100');
      started.resize(120, 40);
      started.stdin.end('abc\n');
      const [out, err, outcome] = await Promise.all([stdout, stderr, started.outcome]);
      assert.deepEqual(outcome, { kind: 'exited', exitCode: 0 });
      // The terminal echoes the input line back.
      assert.equal(out.toString(), '30 100\r\nabc\r\n40 120\r\ngot abc xterm\r\n');
      assert.equal(err.length, 0);
    });

    test('TTY exit code and end of input', async () => {
      const pod = await runtime.startPod(podSpec());
      const started = pod.exec('main', ['sh', '-c', 'cat >/dev/null; exit 5'], { tty: true });
      const stdout = collect(started.stdout);
      started.stdin.end('partial line');
      const [, outcome] = await Promise.all([stdout, started.outcome]);
      assert.deepEqual(outcome, { kind: 'exited', exitCode: 5 });
    });

    test('TTY input larger than terminal buffer', async () => {
      const pod = await runtime.startPod(podSpec());
      const line = `${'x'.repeat(49)}\n`;
      const input = line.repeat(2000);
      const file = `/tmp/podexec-tty-input-${pod.spec.uid}`;
      const started = pod.exec('main', ['sh', '-c', `cat > ${file}; echo "count=$(wc -c < ${file})"; rm ${file}`], { tty: true });
      const stdout = collect(started.stdout);
      started.stdin.end(input);
      const [out, outcome] = await Promise.all([stdout, started.outcome]);
      assert.deepEqual(outcome, { kind: 'exited', exitCode: 0 });
      // The terminal's echo of the input may run into the same line, so the count carries a label.
      assert.match(out.toString(), new RegExp(`count=${input.length}\r\n`));
    });

    test('process survives destroyed stdout', async () => {
      const pod = await runtime.startPod(podSpec());
      // A path in the pod's own /tmp, which is the host's in plain mode, so it is checked from inside.
      const marker = `/tmp/podexec-survivor-${pod.spec.uid}`;
      const started = pod.exec(
        'main',
        ['sh', '-c', `for i in 1 2 3 4 5; do echo tick; sleep 0.1; done; echo done > ${marker}`],
        { tty: false },
      );
      started.stdin.end();
      await new Promise((resolve) => started.stdout.once('data', resolve));
      started.stdout.destroy();
      started.stderr.destroy();
      const outcome = await started.outcome;
      assert.deepEqual(outcome, { kind: 'exited', exitCode: 0 });
      const check = await run(pod, ['cat', marker]);
      assert.equal(check.stdout.toString(), 'done\n', 'the process ran to its end after its stdout was destroyed');
      await run(pod, ['rm', marker]);
    });

    test('stopAll leaves no process behind', async () => {
      const scratch = await createPodRuntime({ mode: requested, stateDir });
      const marker = `${Math.floor(1000 + Math.random() * 8000)}.${process.pid}`;
      const first = await scratch.startPod(podSpec());
      const second = await scratch.startPod(podSpec());
      // A background sleep that outlives its exec, and one still attached to a running exec.
      await run(first, ['sh', '-c', `sleep ${marker} >/dev/null 2>&1 &`]);
      const attached = second.exec('main', ['sleep', marker], { tty: false });
      const terminal = second.exec('main', ['sleep', marker], { tty: true });
      for (const started of [attached, terminal]) {
        started.stdout.resume();
        started.stderr.resume();
      }
      while (hostPidsWithArgument(marker).length < 3) {
        await sleep(10);
      }
      await scratch.stopAll();
      assert.deepEqual(hostPidsWithArgument(marker), []);
      const outcome = await attached.outcome;
      assert.deepEqual(outcome, { kind: 'exited', exitCode: 137 });
      assert.equal((await terminal.outcome).kind, 'exited');
      const afterStop = await run(first, ['echo']);
      assert.equal(afterStop.outcome.kind, 'start-failed');
    });
  });
}
