import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRshArgs } from '../../src/cli/rsh-args.js';
import { UsageError } from '../../src/cli/usage-error.js';

test('words after TARGET are the command', () => {
  const parsed = parseRshArgs(['-n', 'shop', '-c', 'app', 'deploy/web', 'ls', '-la', '--color', '-n']);
  assert.equal(parsed.namespace, 'shop');
  assert.equal(parsed.container, 'app');
  assert.equal(parsed.target, 'deploy/web');
  assert.deepEqual(parsed.command, ['ls', '-la', '--color', '-n']);
  assert.equal(parsed.tty, undefined);
});

test('inline and combined flag values', () => {
  const parsed = parseRshArgs(['-nshop', '--context=dev/api:6443/me', '--backend', 'kubectl', '-T', 'web-0']);
  assert.equal(parsed.namespace, 'shop');
  assert.equal(parsed.context, 'dev/api:6443/me');
  assert.equal(parsed.backend, 'kubectl');
  assert.equal(parsed.tty, false);
  assert.equal(parsed.target, 'web-0');
  assert.deepEqual(parsed.command, []);
});

test('double dash around TARGET', () => {
  assert.deepEqual(parseRshArgs(['-t', '--', 'web-0', 'sh']).command, ['sh']);
  assert.equal(parseRshArgs(['-t', '--', 'web-0', 'sh']).tty, true);
  assert.deepEqual(parseRshArgs(['web-0', '--', 'ls', '-l']).command, ['ls', '-l']);
});

test('usage errors', () => {
  const cases: Array<[string[], string]> = [
    [['-n'], 'flag needs an argument: -n'],
    [['--nope', 'web-0'], 'unknown flag: --nope'],
    [['-n', 'shop'], 'missing TARGET: give a pod name or TYPE/NAME such as deploy/web'],
    [['-t', '-T', 'web-0'], '-t and -T cannot be used together'],
    [['--namespace=', 'web-0'], '--namespace needs a non-empty value'],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseRshArgs(args), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.code, 'PODEXEC_USAGE');
      assert.equal(error.message, message);
      assert.equal(error.subcommand, 'rsh');
      return true;
    });
  }
});

test('help needs no TARGET', () => {
  assert.equal(parseRshArgs(['-h']).help, true);
});
