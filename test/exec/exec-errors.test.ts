import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CommandFailedError,
  CommandStartError,
  ContainerNotFoundError,
  InvalidOptionError,
  OutputLimitError,
  PodNotFoundError,
  PodNotRunningError,
  UnauthorizedError,
  UnknownBackendError,
  UpgradeFailedError,
} from '../../src/core/errors.js';
import { Exec, type CommandInput } from '../../src/exec/index.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { kubeconfigWithWrongToken, startExecSandbox } from './fixtures.js';

describe('Exec errors against the sandbox', () => {
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

  it('rejects a missing pod with PodNotFoundError', async () => {
    await assert.rejects(exec.run('nosuch', undefined, ['true']), (error: unknown) => {
      assert.ok(error instanceof PodNotFoundError);
      assert.equal(error.code, 'PODEXEC_POD_NOT_FOUND');
      assert.equal(error.message, 'Pod nosuch not found in namespace default.');
      assert.equal(error.pod, 'nosuch');
      assert.equal(error.namespace, 'default');
      assert.equal(error.httpStatus, 404);
      assert.equal(error.command, 'true');
      assert.equal(typeof error.durationMs, 'number');
      return true;
    });
  });

  it('rejects an unknown container listing the valid ones', async () => {
    await assert.rejects(exec.run('duo', 'shop', { cmd: ['true'], container: 'nope' }), (error: unknown) => {
      assert.ok(error instanceof ContainerNotFoundError);
      assert.equal(error.code, 'PODEXEC_CONTAINER_NOT_FOUND');
      assert.equal(error.message, 'Container nope not found in pod duo (namespace shop). Valid containers: web, sidecar.');
      assert.deepEqual(error.validContainers, ['web', 'sidecar']);
      assert.equal(error.pod, 'duo');
      assert.equal(error.namespace, 'shop');
      assert.equal(error.container, 'nope');
      return true;
    });
  });

  it('uses the default container and a named one', async () => {
    const byDefault = await exec.run('duo', 'shop', ['true']);
    assert.equal(byDefault.container, 'web');
    const named = await exec.run('duo', 'shop', { cmd: ['true'], container: 'sidecar' });
    assert.equal(named.container, 'sidecar');
  });

  it('rejects a completed pod with PodNotRunningError', async () => {
    await assert.rejects(exec.run('finished', 'default', ['true']), (error: unknown) => {
      assert.ok(error instanceof PodNotRunningError);
      assert.equal(error.code, 'PODEXEC_POD_NOT_RUNNING');
      assert.equal(error.message, 'Cannot exec into pod finished (namespace default): its phase is Succeeded, not Running.');
      assert.equal(error.phase, 'Succeeded');
      assert.equal(error.pod, 'finished');
      assert.equal(error.namespace, 'default');
      return true;
    });
  });

  it('rejects a missing executable with CommandStartError', async () => {
    const assertStartError = (error: unknown): boolean => {
      assert.ok(error instanceof CommandStartError);
      assert.equal(error.code, 'PODEXEC_COMMAND_START_FAILED');
      assert.equal(error.notFound, true);
      assert.equal(error.pod, 'box');
      assert.equal(error.namespace, 'default');
      assert.equal(error.container, 'main');
      assert.equal(error.command, 'nosuch-tool --flag');
      assert.match(error.message, /^Command could not start in pod box \(namespace default, container main\): nosuch-tool --flag\n/);
      assert.match(error.message, /nosuch-tool/);
      return true;
    };
    await assert.rejects(exec.run('box', undefined, ['nosuch-tool', '--flag']), (error: unknown) => {
      assertStartError(error);
      assert.match((error as CommandStartError).serverMessage ?? '', /executable file not found in \$PATH/);
      return true;
    });
    // With a timeout the command starts behind env; the failure must look the same.
    await assert.rejects(exec.run('box', undefined, { cmd: ['nosuch-tool', '--flag'], timeout: 30_000 }), assertStartError);
  });

  it('rejects a wrong token with UnauthorizedError', async () => {
    const wrong = new Exec({ kubeconfig: await kubeconfigWithWrongToken(sandbox) });
    try {
      await assert.rejects(wrong.run('box', undefined, ['true']), (error: unknown) => {
        assert.ok(error instanceof UnauthorizedError);
        assert.equal(error.code, 'PODEXEC_UNAUTHORIZED');
        assert.equal(error.message, 'The API server rejected the credentials (401 Unauthorized). Check the token or client certificate of the kubeconfig user.');
        assert.equal(error.httpStatus, 401);
        assert.equal(error.pod, 'box');
        assert.equal(error.namespace, 'default');
        assert.equal(error.message.includes('wrong-token'), false);
        return true;
      });
    } finally {
      await wrong.close();
    }
  });

  it('treats exit code 1 by okExitCodes and checkExitCode', async () => {
    const plain = await exec.run('box', undefined, ['grep', 'nomatch', '/etc/hostname']);
    assert.equal(plain.exitCode, 1);
    assert.equal(plain.stdout.length, 0);
    assert.equal(plain.stderr.length, 0);

    const allowed = await exec.run('box', undefined, { cmd: ['grep', 'nomatch', '/etc/hostname'], checkExitCode: true, okExitCodes: [0, 1] });
    assert.equal(allowed.exitCode, 1);

    await assert.rejects(exec.run('box', undefined, { cmd: ['sh', '-c', 'echo partial; echo broken >&2; exit 1'], checkExitCode: true }), (error: unknown) => {
      assert.ok(error instanceof CommandFailedError);
      assert.equal(error.code, 'PODEXEC_COMMAND_FAILED');
      assert.equal(error.exitCode, 1);
      assert.equal(error.message,
        "Command failed with exit code 1 in pod box (namespace default, container main): sh -c 'echo partial; echo broken >&2; exit 1'\nbroken");
      assert.equal(error.stdout.toString(), 'partial\n');
      assert.equal(error.stderr.toString(), 'broken\n');
      assert.equal(error.pod, 'box');
      assert.equal(error.container, 'main');
      return true;
    });
  });

  it('stops at maxBuffer with OutputLimitError', async () => {
    await assert.rejects(exec.run('box', undefined, { cmd: ['head', '-c', '100000', '/dev/zero'], maxBuffer: 1000 }), (error: unknown) => {
      assert.ok(error instanceof OutputLimitError);
      assert.equal(error.code, 'PODEXEC_OUTPUT_LIMIT');
      assert.equal(error.stream, 'stdout');
      assert.equal(error.maxBuffer, 1000);
      assert.equal(error.message,
        'stdout of the command exceeded maxBuffer (1000 bytes) in pod box: head -c 100000 /dev/zero. ' +
        'Raise maxBuffer, or stream the output with onStdout/onStderr and buffer: false.');
      assert.equal(error.stdout.length, 1000);
      return true;
    });
  });

  it('retries a 503 upgrade and records it', async () => {
    const result = await exec.run('flaky', undefined, ['echo', 'ok']);
    assert.equal(result.stdout.toString(), 'ok\n');
    assert.deepEqual(result.diagnostics.filter((note) => note.startsWith('attempt')), [
      'attempt 1 failed (PODEXEC_UPGRADE_FAILED); retrying in 200 ms',
      'attempt 2 failed (PODEXEC_UPGRADE_FAILED); retrying in 400 ms',
    ]);
  });

  it('honours Retry-After on 429', async () => {
    const result = await exec.run('throttled', undefined, ['echo', 'ok']);
    assert.equal(result.stdout.toString(), 'ok\n');
    assert.deepEqual(result.diagnostics.filter((note) => note.startsWith('attempt')), [
      'attempt 1 failed (PODEXEC_RATE_LIMITED); retrying in 1000 ms',
    ]);
  });

  it('gives up after the retries', async () => {
    await assert.rejects(exec.run('down', undefined, { cmd: ['true'], retries: 1 }), (error: unknown) => {
      assert.ok(error instanceof UpgradeFailedError);
      assert.equal(error.code, 'PODEXEC_UPGRADE_FAILED');
      assert.equal(error.httpStatus, 503);
      assert.equal(error.pod, 'down');
      return true;
    });
  });

  it('rejects invalid input before any request', async () => {
    await assert.rejects(exec.run('Bad_Pod', undefined, ['true']), (error: unknown) => {
      assert.ok(error instanceof InvalidOptionError);
      assert.equal(error.option, 'pod');
      assert.equal(error.message,
        'Invalid option "pod": expected a pod name (lowercase letters, digits, "-" and ".", at most 253 characters), received the string "Bad_Pod".');
      return true;
    });
    await assert.rejects(exec.run('box', undefined, { cmd: ['true'], timout: 5 } as unknown as CommandInput), InvalidOptionError);
    assert.throws(() => exec.run('box', undefined, { cmd: ['true'], wait: false, retries: -1 }), InvalidOptionError);
  });

  it('names the registered backends for an unknown one', () => {
    assert.throws(() => new Exec({ backend: 'nope' }), (error: unknown) => {
      assert.ok(error instanceof UnknownBackendError);
      assert.equal(error.code, 'PODEXEC_UNKNOWN_BACKEND');
      assert.equal(error.backend, 'nope');
      assert.ok(error.registered.includes('kube'));
      assert.ok(error.registered.includes('kubectl'));
      assert.equal(error.message, `Unknown backend "nope". Registered backends: ${error.registered.join(', ')}.`);
      return true;
    });
  });
});
