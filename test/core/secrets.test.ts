import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandStartError, PodNotFoundError } from '../../src/core/errors.js';
import { createMasker, maskErrorInPlace } from '../../src/core/secrets.js';

describe('createMasker', () => {
  it('masks every occurrence', () => {
    const mask = createMasker(['pw']);
    assert.equal(mask('pw and pw, pwpw'), '*** and ***, ******');
  });

  it('masks the longer of overlapping secrets whole', () => {
    const mask = createMasker(['abc', 'abcdef']);
    assert.equal(mask('x abcdef y abc'), 'x *** y ***');
  });

  it('returns text unchanged without secrets', () => {
    const mask = createMasker([]);
    assert.equal(mask('a b'), 'a b');
  });

  it('treats secrets as literal text', () => {
    const mask = createMasker(['a.b*', '$1']);
    assert.equal(mask('a.b* axb $1 $2'), '*** axb *** $2');
  });
});

describe('maskErrorInPlace', () => {
  it('masks message, stack and string fields', () => {
    const cause = new Error('inner');
    const error = new CommandStartError(true, { httpStatus: 500, serverMessage: 'exec "tok123" failed' }, {
      pod: 'p', namespace: 'n', command: 'run --token tok123', cause,
    });
    const masked = maskErrorInPlace(error, createMasker(['tok123']));
    assert.equal(masked, error);
    assert.ok(masked instanceof CommandStartError);
    assert.equal(masked.code, 'PODEXEC_COMMAND_START_FAILED');
    assert.equal(masked.message, 'Command could not start in pod p (namespace n, container (default)): run --token ***\nexec "***" failed');
    assert.equal(masked.serverMessage, 'exec "***" failed');
    assert.equal(masked.command, 'run --token ***');
    assert.equal(masked.stack?.includes('tok123'), false);
    assert.equal(masked.cause, cause);
    assert.equal(masked.httpStatus, 500);
  });

  it('leaves non-errors alone', () => {
    assert.equal(maskErrorInPlace('tok', createMasker(['tok'])), 'tok');
  });

  it('keeps fields that are not strings', () => {
    const error = new PodNotFoundError({ httpStatus: 404 }, { pod: 'p', namespace: 'n', stdout: Buffer.from('tok') });
    maskErrorInPlace(error, createMasker(['tok']));
    assert.equal(error.stdout.toString(), 'tok');
    assert.equal(error.httpStatus, 404);
  });
});
