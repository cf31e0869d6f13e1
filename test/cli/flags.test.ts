import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration } from '../../src/cli/duration.js';
import { parseExecArgs } from '../../src/cli/exec-args.js';
import { parseFlags, type FlagSpec } from '../../src/cli/flags.js';
import { UsageError } from '../../src/cli/usage-error.js';

const SPECS: FlagSpec[] = [
  { name: 'namespace', short: 'n', takesValue: true },
  { name: 'stdin', short: 'i', takesValue: false },
  { name: 'tty', short: 't', takesValue: false },
];

function assertUsage(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.equal(error.code, 'PODEXEC_USAGE');
    assert.equal(error.message, message);
    return true;
  });
}

describe('parseFlags', () => {
  it('reads every value form', () => {
    for (const args of [['-n', 'x'], ['-nx'], ['-n=x'], ['--namespace', 'x'], ['--namespace=x']]) {
      assert.equal(parseFlags(args, SPECS, 'exec').values.get('namespace'), 'x', args.join(' '));
    }
  });

  it('combines short booleans with a trailing value flag', () => {
    const parsed = parseFlags(['-itn', 'shop', 'pod'], SPECS, 'exec');
    assert.equal(parsed.values.get('stdin'), true);
    assert.equal(parsed.values.get('tty'), true);
    assert.equal(parsed.values.get('namespace'), 'shop');
    assert.deepEqual(parsed.positionals, ['pod']);
  });

  it('reads explicit boolean values', () => {
    assert.equal(parseFlags(['--tty=false'], SPECS, 'exec').values.get('tty'), false);
    assertUsage(() => parseFlags(['--tty=maybe'], SPECS, 'exec'), 'invalid value "maybe" for --tty: expected true or false');
  });

  it('stops at -- and keeps flags after it', () => {
    const parsed = parseFlags(['pod', '-i', '--', 'ls', '-n', '--', 'x'], SPECS, 'exec');
    assert.deepEqual(parsed.positionals, ['pod']);
    assert.equal(parsed.values.get('stdin'), true);
    assert.deepEqual(parsed.afterDoubleDash, ['ls', '-n', '--', 'x']);
  });

  it('rejects unknown flags and missing values', () => {
    assertUsage(() => parseFlags(['--nope'], SPECS, 'exec'), 'unknown flag: --nope');
    assertUsage(() => parseFlags(['-ix'], SPECS, 'exec'), "unknown shorthand flag: 'x' in -ix");
    assertUsage(() => parseFlags(['-n'], SPECS, 'exec'), 'flag needs an argument: -n');
    assertUsage(() => parseFlags(['--namespace'], SPECS, 'exec'), 'flag needs an argument: --namespace');
  });
});

describe('parseDuration', () => {
  it('reads kubectl durations', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('2s'), 2000);
    assert.equal(parseDuration('1m'), 60_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('250us'), 0.25);
  });

  it('rejects other text', () => {
    for (const text of ['', '5', '1x', 's', '-1s', '1s ', '1h30']) assert.equal(parseDuration(text), undefined, text);
  });
});

describe('parseExecArgs', () => {
  it('reads a kubectl exec line', () => {
    const args = parseExecArgs(['-n', 'shop', 'web-0', '-c', 'app', '-it', '--timeout=1m', '-o', 'json', '--', 'sh', '-c', 'ls']);
    assert.deepEqual(args, {
      target: 'web-0',
      command: ['sh', '-c', 'ls'],
      namespace: 'shop',
      container: 'app',
      stdin: true,
      tty: true,
      kubeconfig: undefined,
      context: undefined,
      timeout: 60_000,
      backend: undefined,
      output: 'json',
      help: false,
    });
  });

  it('rounds a sub-millisecond timeout up and treats 0 as none', () => {
    assert.equal(parseExecArgs(['--timeout', '10us', 'p', '--', 'x']).timeout, 1);
    assert.equal(parseExecArgs(['--timeout', '0', 'p', '--', 'x']).timeout, undefined);
  });

  it('reports usage errors', () => {
    assertUsage(() => parseExecArgs(['--', 'ls']), 'missing TARGET: name the pod to run the command in');
    assertUsage(() => parseExecArgs(['web-0', 'ls', '-l']), 'the command must follow "--": podexec exec web-0 -- ls -l');
    assertUsage(() => parseExecArgs(['web-0']), 'missing COMMAND: add it after "--", as in podexec exec web-0 -- ls /');
    assertUsage(() => parseExecArgs(['web-0', '--']), 'missing COMMAND: add it after "--", as in podexec exec web-0 -- ls /');
    assertUsage(() => parseExecArgs(['--timeout', '5', 'p', '--', 'x']),
      'invalid --timeout "5": expected a duration such as 500ms, 30s, 1m or 1h30m');
    assertUsage(() => parseExecArgs(['-o', 'yaml', 'p', '--', 'x']), 'invalid --output "yaml": expected text or json');
    assertUsage(() => parseExecArgs(['-n', '', 'p', '--', 'x']), '--namespace needs a non-empty value');
  });

  it('allows --help without a target', () => {
    assert.equal(parseExecArgs(['--help']).help, true);
  });
});
