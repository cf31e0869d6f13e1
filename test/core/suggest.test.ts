import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName, editDistance } from '../../src/core/suggest.js';

describe('editDistance', () => {
  it('counts edits', () => {
    assert.equal(editDistance('timout', 'timeout'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});

describe('closestName', () => {
  it('suggests a close name ignoring case', () => {
    assert.equal(closestName('checkexitcode', ['checkExitCode', 'cmd']), 'checkExitCode');
    assert.equal(closestName('stdoutt', ['stdout', 'stderr']), 'stdout');
  });

  it('suggests nothing for distant names', () => {
    assert.equal(closestName('color', ['cmd', 'tty']), undefined);
    assert.equal(closestName('ab', ['tty']), undefined);
  });
});
