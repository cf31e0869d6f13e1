import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { formatArgv, quoteArgument, withEnvironment, withRunMarker } from '../../src/core/argv.js';

describe('quoteArgument', () => {
  it('leaves plain arguments unquoted', () => {
    assert.equal(quoteArgument('a-b_c.d/e=f:g,h@i%j+k'), 'a-b_c.d/e=f:g,h@i%j+k');
  });

  it('quotes empty and special arguments', () => {
    assert.equal(quoteArgument(''), "''");
    assert.equal(quoteArgument('a b'), "'a b'");
    assert.equal(quoteArgument("it's"), `'it'\\''s'`);
  });

  it('produces text sh reads back unchanged', () => {
    const argv = ['a b', "it's", '"q"', '$(id)', '`id`', ';', '&&', '*', '\n', '-n', '', '\\'];
    const script = `for a in ${formatArgv(argv)}; do printf '%s|' "$a"; done`;
    const output = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
    assert.equal(output, argv.map((argument) => `${argument}|`).join(''));
  });
});

describe('withEnvironment and withRunMarker', () => {
  it('prefixes env assignments', () => {
    assert.deepEqual(withEnvironment(['id'], [['A', '1']]), ['env', 'A=1', 'id']);
    assert.deepEqual(withEnvironment(['id'], []), ['id']);
  });

  it('adds the marker to an existing env wrapper', () => {
    assert.deepEqual(withRunMarker(['env', 'A=1', 'id'], 'r1'), ['env', 'PODEXEC_RUN_ID=r1', 'A=1', 'id']);
  });

  it('wraps a plain command', () => {
    assert.deepEqual(withRunMarker(['env'], 'r1'), ['env', 'PODEXEC_RUN_ID=r1', 'env']);
    assert.deepEqual(withRunMarker(['sleep', '1'], 'r1'), ['env', 'PODEXEC_RUN_ID=r1', 'sleep', '1']);
  });
});
