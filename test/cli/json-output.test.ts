import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { encodeOutput, formatJsonError, formatJsonResult } from '../../src/cli/json-output.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { VERSION } from '../../src/cli/version.js';
import {
  CanceledError,
  CommandStartError,
  ConnectError,
  InvalidOptionError,
  TimeoutError,
} from '../../src/core/errors.js';

describe('encodeOutput', () => {
  it('keeps valid UTF-8 as text', () => {
    assert.deepEqual(encodeOutput(Buffer.from('a€\n')), { text: 'a€\n', encoding: 'utf8' });
    assert.deepEqual(encodeOutput(Buffer.alloc(0)), { text: '', encoding: 'utf8' });
  });

  it('uses base64 for invalid UTF-8', () => {
    assert.deepEqual(encodeOutput(Buffer.from([0xff, 0x00])), { text: '/wA=', encoding: 'base64' });
    assert.deepEqual(encodeOutput(Buffer.from([0xe2, 0x82])), { text: '4oI=', encoding: 'base64' });
  });

  it('keeps a byte order mark', () => {
    assert.deepEqual(encodeOutput(Buffer.from([0xef, 0xbb, 0xbf, 0x61])), { text: '\uFEFFa', encoding: 'utf8' });
  });
});

describe('formatJsonResult and formatJsonError', () => {
  it('formats a result', () => {
    const line = formatJsonResult({
      stdout: Buffer.from('hi\n'), stderr: Buffer.from([0xff]), exitCode: 3, pod: 'p', namespace: 'n', container: 'c',
      command: 'echo hi', durationMs: 12.6, diagnostics: [], backend: 'kube',
    });
    assert.equal(line, '{"pod":"p","namespace":"n","container":"c","command":"echo hi","exitCode":3,"durationMs":13,' +
      '"stdout":"hi\\n","stderr":"/w==","stdoutEncoding":"utf8","stderrEncoding":"base64"}\n');
  });

  it('formats an error with its output', () => {
    const error = new TimeoutError(50, { stopped: true }, { pod: 'p', namespace: 'n', command: 'sleep 9', stdout: Buffer.from('x') });
    const parsed = JSON.parse(formatJsonError(error)) as Record<string, unknown>;
    assert.deepEqual(parsed.error, { code: 'PODEXEC_TIMEOUT', message: 'Command timed out after 50 ms in pod p (namespace n): sleep 9' });
    assert.equal(parsed.stdout, 'x');
    assert.equal(parsed.exitCode, null);
  });
});

describe('exitCodeFor', () => {
  it('maps errors to documented codes', () => {
    assert.equal(exitCodeFor(new UsageError('bad')), 2);
    assert.equal(exitCodeFor(new InvalidOptionError('pod', 'a pod name', 'X')), 2);
    assert.equal(exitCodeFor(new TimeoutError(1, { stopped: true }, {})), 124);
    assert.equal(exitCodeFor(new ConnectError('https://127.0.0.1:1', 'refused')), 125);
    assert.equal(exitCodeFor(new Error('bug')), 125);
    assert.equal(exitCodeFor(new CommandStartError(false, {}, {})), 126);
    assert.equal(exitCodeFor(new CommandStartError(true, {}, {})), 127);
    assert.equal(exitCodeFor(new CanceledError({ stopped: true }, {})), 130);
  });
});

describe('VERSION', () => {
  it('matches package.json', () => {
    // Tests run from the repository root, as npm test does.
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
    assert.equal(manifest.name, 'podexec');
    assert.equal(VERSION, manifest.version);
  });
});
