import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandStartError, StreamLostError } from '../../src/core/errors.js';
import { createMasker } from '../../src/core/secrets.js';
import { attachContext, envStartFailure } from '../../src/exec/run-errors.js';

const context = { pod: 'web-0', namespace: 'shop', container: 'app', command: 'nosuch --x', durationMs: 12 };

describe('envStartFailure', () => {
  it('detects a missing executable behind GNU env', () => {
    const error = envStartFailure(127, Buffer.from("env: ‘nosuch’: No such file or directory\n"), context);
    assert.ok(error instanceof CommandStartError);
    assert.equal(error.code, 'PODEXEC_COMMAND_START_FAILED');
    assert.equal(error.notFound, true);
    assert.equal(error.serverMessage, 'env: ‘nosuch’: No such file or directory');
    assert.equal(error.message,
      'Command could not start in pod web-0 (namespace shop, container app): nosuch --x\nenv: ‘nosuch’: No such file or directory');
  });

  it('detects a missing executable behind BusyBox env', () => {
    const error = envStartFailure(127, Buffer.from("env: can't execute 'nosuch': No such file or directory\n"), context);
    assert.equal(error?.notFound, true);
  });

  it('detects a file that is not executable', () => {
    const error = envStartFailure(126, Buffer.from("env: ‘/tmp/x’: Permission denied\n"), context);
    assert.equal(error?.notFound, false);
  });

  it('ignores the command’s own exit codes and messages', () => {
    assert.equal(envStartFailure(127, Buffer.from('sh: 1: nosuch: not found\n'), context), undefined);
    assert.equal(envStartFailure(1, Buffer.from("env: ‘x’: No such file or directory\n"), context), undefined);
    assert.equal(envStartFailure(127, Buffer.alloc(0), context), undefined);
  });
});

describe('attachContext', () => {
  it('adds context and masks secrets', () => {
    const error = new StreamLostError('socket closed with code 1006 while sending pw1', {});
    const result = attachContext(error, { ...context, command: 'login ***', stdout: Buffer.from('o'), stderr: Buffer.from('e') },
      createMasker(['pw1']));
    assert.equal(result, error);
    assert.equal(error.code, 'PODEXEC_STREAM_LOST');
    assert.equal(error.pod, 'web-0');
    assert.equal(error.namespace, 'shop');
    assert.equal(error.container, 'app');
    assert.equal(error.command, 'login ***');
    assert.equal(error.stdout.toString(), 'o');
    assert.equal(error.stderr.toString(), 'e');
    assert.equal(error.durationMs, 12);
    assert.equal(error.message.includes('pw1'), false);
    assert.match(error.message, /while sending \*\*\*/);
  });

  it('keeps what the backend already set', () => {
    const error = new StreamLostError('lost', { pod: 'other', stdout: Buffer.from('backend') });
    attachContext(error, { ...context, stdout: Buffer.from('mine') }, createMasker([]));
    assert.equal(error.pod, 'other');
    assert.equal(error.stdout.toString(), 'backend');
  });
});
