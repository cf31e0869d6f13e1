import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClientVersion, versionNote } from '../../../src/backends/kubectl/version.js';

test('vendor minor with plus parses', () => {
  const version = parseClientVersion('{"clientVersion":{"major":"1","minor":"32+","gitVersion":"v1.32.4-gke"}}');
  assert.deepEqual(version, { gitVersion: 'v1.32.4-gke', major: 1, minor: 32 });
  assert.equal(versionNote(version), undefined);
});

test('1.29 gets the SPDY note', () => {
  const note = versionNote(parseClientVersion('{"clientVersion":{"major":"1","minor":"29","gitVersion":"v1.29.15"}}'));
  assert.match(note ?? '', /^kubectl v1\.29\.15 streams exec over SPDY/);
});

test('invalid JSON gives no version', () => {
  assert.equal(parseClientVersion('not json'), undefined);
  assert.equal(parseClientVersion('{"clientVersion":{"major":"x"}}'), undefined);
  assert.match(versionNote(undefined) ?? '', /Could not read the kubectl client version/);
});
