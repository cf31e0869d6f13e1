/**
 * Runs the common cases in the mode `auto` picks, then the isolation cases that only namespaces
 * can pass; those are skipped, with the reason, on a machine that falls back to plain mode.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { PodRuntimeError, createPodRuntime } from '../../../src/sandbox/runtime/index.js';
import { createTestRuntime, registerCommonTests } from './common-cases.js';
import { collect, hostPidsWithArgument, podSpec, run } from './helpers.js';

const { runtime, stateDir, cleanup } = await createTestRuntime('auto');
after(cleanup);

registerCommonTests(runtime, stateDir);

const skip = runtime.info.mode === 'namespaces' ? false : `needs namespaces: ${runtime.info.detail}`;

function text(result: { stdout: Buffer }): string {
  return result.stdout.toString();
}

describe('namespaces mode isolation', { skip }, () => {
  test('hostname is pod name', async () => {
    const pod = await runtime.startPod(podSpec());
    const result = await run(pod, ['sh', '-c', 'hostname; echo "$HOSTNAME"; cat /etc/hostname']);
    assert.deepEqual(result.outcome, { kind: 'exited', exitCode: 0 });
    assert.equal(text(result), `${pod.spec.name}\n${pod.spec.name}\n${pod.spec.name}\n`);
  });

  test('TTY shell leads its session', async () => {
    const pod = await runtime.startPod(podSpec());
    const started = pod.exec('main', ['sh'], { tty: true });
    const stdout = collect(started.stdout);
    started.stdin.write('exit 4\n');
    const [out, outcome] = await Promise.all([stdout, started.outcome]);
    // A shell that is not its terminal's session leader fails job control and exits 2 instead.
    assert.deepEqual(outcome, { kind: 'exited', exitCode: 4 }, out.toString());
    assert.doesNotMatch(out.toString(), /Cannot set tty process group/);
  });

  test('/tmp private and persistent', async () => {
    const first = await runtime.startPod(podSpec());
    const second = await runtime.startPod(podSpec());
    const written = await run(first, ['sh', '-c', 'echo first > /tmp/owner; ls -A /tmp']);
    assert.equal(text(written), 'owner\n');

    const again = await run(first, ['cat', '/tmp/owner']);
    assert.equal(text(again), 'first\n');
    const other = await run(second, ['ls', '-A', '/tmp']);
    assert.deepEqual(other.outcome, { kind: 'exited', exitCode: 0 });
    assert.equal(text(other), '');
    assert.equal(existsSync('/tmp/owner'), false);
  });

  test('working directory resolved in pod', async () => {
    // The directory exists on the host's /tmp but not in the pod's private /tmp.
    const hostOnly = mkdtempSync(join(tmpdir(), 'podexec-host-only-'));
    try {
      const pod = await runtime.startPod(podSpec({ containers: [{ name: 'main', env: [], workingDir: hostOnly }] }));
      const result = await run(pod, ['pwd']);
      assert.deepEqual(result.outcome, {
        kind: 'start-failed',
        message:
          'failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start ' +
          `container process: chdir to cwd ("${hostOnly}") set in config.json failed: no such file or directory: unknown`,
      });
    } finally {
      rmSync(hostOnly, { recursive: true, force: true });
    }
  });

  test('processes isolated between pods', async () => {
    const first = await runtime.startPod(podSpec());
    const second = await runtime.startPod(podSpec());
    const marker = `${Math.floor(1000 + Math.random() * 8000)}.${process.pid}`;
    await run(first, ['sh', '-c', `sleep ${marker} >/dev/null 2>&1 &`]);

    const own = await run(first, ['ps', '-e', '-o', 'pid=,args=']);
    assert.match(text(own), new RegExp(`sleep ${marker.replace('.', '\\.')}`));
    const foreign = await run(second, ['ps', '-e', '-o', 'args=']);
    assert.doesNotMatch(text(foreign), new RegExp(marker.replace('.', '\\.')));
    assert.doesNotMatch(text(foreign), /node/);
  });

  test('orphans are reaped by PID 1', async () => {
    const pod = await runtime.startPod(podSpec());
    await run(pod, ['sh', '-c', 'sleep 0.05 & exit 0']);
    await sleep(300);
    const result = await run(pod, ['ps', '-e', '-o', 'pid=,stat=,args=']);
    const lines = text(result).trim().split('\n');
    assert.equal(lines.length, 2, text(result));
    assert.match(lines[0] ?? '', /^\s*1 S\s+\S*bash -s$/);
    assert.match(lines[1] ?? '', /ps -e/);
    assert.doesNotMatch(text(result), / Z/);
  });

  test('missing tools absent for scripts', async () => {
    const pod = await runtime.startPod(podSpec({ missingTools: ['tar', 'bash'] }));
    const lookup = await run(pod, ['sh', '-c', 'command -v tar']);
    assert.deepEqual(lookup.outcome, { kind: 'exited', exitCode: 127 });
    assert.equal(text(lookup), '');

    const direct = await run(pod, ['sh', '-c', 'tar --version']);
    assert.deepEqual(direct.outcome, { kind: 'exited', exitCode: 127 });
    assert.match(direct.stderr.toString(), /tar: not found/);

    const viaBin = await run(pod, ['sh', '-c', 'ls /bin/tar /usr/bin/bash']);
    assert.deepEqual(viaBin.outcome, { kind: 'exited', exitCode: 2 });

    const others = await run(pod, ['sh', '-c', 'command -v ls; ls /bin | grep -c .; ps -e -o comm= | head -1']);
    assert.deepEqual(others.outcome, { kind: 'exited', exitCode: 0 });
    assert.match(text(others), /^\/usr\/bin\/ls\n\d+\nbash\n$/);

    const unaffected = await runtime.startPod(podSpec());
    const present = await run(unaffected, ['sh', '-c', 'command -v tar']);
    assert.deepEqual(present.outcome, { kind: 'exited', exitCode: 0 });
  });

  test('containers share hostname, not /tmp', async () => {
    const pod = await runtime.startPod(
      podSpec({
        containers: [
          { name: 'app', env: [], workingDir: undefined },
          { name: 'sidecar', env: [], workingDir: undefined },
        ],
      }),
    );
    const app = await run(pod, ['sh', '-c', 'echo app > /tmp/mine; hostname; readlink /proc/self/ns/ipc /proc/self/ns/pid'], {
      container: 'app',
    });
    const sidecar = await run(
      pod,
      ['sh', '-c', 'ls -A /tmp; hostname; readlink /proc/self/ns/ipc /proc/self/ns/pid'],
      { container: 'sidecar' },
    );
    const [appHost, appIpc, appPid] = text(app).trim().split('\n');
    const [sidecarHost, sidecarIpc, sidecarPid] = text(sidecar).trim().split('\n');
    assert.equal(appHost, pod.spec.name);
    assert.equal(sidecarHost, pod.spec.name);
    assert.equal(sidecarIpc, appIpc);
    assert.notEqual(sidecarPid, appPid);
  });

  test('stop kills PID 1 of each container', async () => {
    const scratch = await createPodRuntime({ mode: 'namespaces', stateDir });
    const pod = await scratch.startPod(podSpec());
    const marker = `${Math.floor(1000 + Math.random() * 8000)}.${process.pid}`;
    await run(pod, ['sh', '-c', `setsid sleep ${marker} >/dev/null 2>&1 &`]);
    while (hostPidsWithArgument(marker).length === 0) {
      await sleep(10);
    }
    await pod.stop();
    assert.deepEqual(hostPidsWithArgument(marker), []);
    await scratch.stopAll();
  });
});

describe('namespaces mode required', () => {
  test('rejects or reports namespaces', async (t) => {
    t.diagnostic(`auto picked ${runtime.info.mode}`);
    if (runtime.info.mode === 'namespaces') {
      const required = await createPodRuntime({ mode: 'namespaces', stateDir });
      assert.equal(required.info.mode, 'namespaces');
      await required.stopAll();
      return;
    }
    await assert.rejects(createPodRuntime({ mode: 'namespaces', stateDir }), (error: unknown) => {
      assert.ok(error instanceof PodRuntimeError);
      assert.equal(error.code, 'PODEXEC_SANDBOX_RUNTIME_FAILED');
      assert.equal(error.mode, 'namespaces');
      assert.match(error.message, /^Namespaces mode is not available on this machine: /);
      return true;
    });
  });
});
