import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execArgs } from '../../../src/backends/kubectl/args.js';
import type { ExecRequest } from '../../../src/backends/types.js';

function request(overrides: Partial<ExecRequest> = {}): ExecRequest {
  return { pod: 'web-0', namespace: 'shop', container: undefined, argv: ['sh', '-c', 'echo "$1"', '-n'], stdin: false, tty: false, signal: new AbortController().signal, ...overrides };
}

test('exec args without options', () => {
  const args = execArgs({ kubeconfig: undefined, context: undefined }, request(), undefined);
  assert.deepEqual(args, ['exec', '--namespace=shop', 'web-0', '--', 'sh', '-c', 'echo "$1"', '-n']);
});

test('exec args with every option', () => {
  const args = execArgs({ kubeconfig: '/k/config', context: 'dev' }, request({ stdin: true, tty: true }), 'app');
  assert.deepEqual(args, [
    '--kubeconfig=/k/config', '--context=dev', 'exec', '--namespace=shop', 'web-0', '--container=app', '--stdin', '--tty', '--', 'sh', '-c', 'echo "$1"', '-n',
  ]);
});

test('tty without stdin still attaches stdin', () => {
  const args = execArgs({ kubeconfig: undefined, context: undefined }, request({ tty: true }), 'app');
  assert.deepEqual(args.slice(3, 6), ['--container=app', '--stdin', '--tty']);
});
