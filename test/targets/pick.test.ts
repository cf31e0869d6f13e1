/** Pure helpers of target resolution: parsing targets, rendering selectors, picking a pod. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePod } from '../../src/api/pod.js';
import type { Pod } from '../../src/api/pod.js';
import { InvalidOptionError } from '../../src/core/errors.js';
import { parseTarget } from '../../src/targets/parse.js';
import { pickAttachablePod } from '../../src/targets/pick.js';
import { selectorToString } from '../../src/targets/selector.js';

function pod(name: string, fields: { phase?: string; ready?: string; readySince?: string; deleting?: boolean; node?: string | null } = {}): Pod {
  const parsed = parsePod({
    metadata: { name, namespace: 'ns', ...(fields.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    spec: { containers: [{ name: 'main' }], ...(fields.node === null ? {} : { nodeName: fields.node ?? 'node-1' }) },
    status: {
      phase: fields.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: fields.ready ?? 'True', lastTransitionTime: fields.readySince ?? '2024-01-01T00:00:00Z' }],
    },
  });
  assert.ok(parsed);
  return parsed;
}

test('parseTarget accepts kinds and short names', () => {
  assert.deepEqual(parseTarget('web-0'), { type: 'pod', name: 'web-0' });
  assert.deepEqual(parseTarget('po/web-0'), { type: 'pod', name: 'web-0' });
  for (const text of ['deploy/web', 'Deployment/web', 'deployments.apps/web']) {
    const parsed = parseTarget(text);
    assert.equal(parsed.type, 'workload', text);
    assert.equal(parsed.type === 'workload' ? parsed.workload.kind : '', 'Deployment', text);
  }
  const job = parseTarget('job.batch/migrate');
  assert.equal(job.type === 'workload' ? job.workload.resource : '', 'jobs');
});

test('parseTarget rejects bad names', () => {
  for (const text of ['', 'deploy/', 'deploy/Web', 'pod/a/b']) {
    assert.throws(() => parseTarget(text), (error: unknown) => {
      assert.ok(error instanceof InvalidOptionError, text);
      assert.equal(error.option, 'target');
      assert.equal(error.received, text);
      return true;
    });
  }
});

test('selectorToString renders labels and expressions', () => {
  assert.equal(
    selectorToString({
      matchLabels: { b: '2', a: '1' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['x', 'y'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'owner', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    }),
    'a=1,b=2,tier in (x,y),env notin (dev),owner,!legacy',
  );
  assert.equal(selectorToString(undefined), '');
});

test('pickAttachablePod prefers the longest-ready pod', () => {
  const choice = pickAttachablePod([
    pod('b', { readySince: '2024-01-02T00:00:00Z' }),
    pod('c', { readySince: '2024-01-01T00:00:00Z' }),
    pod('a', { readySince: '2024-01-01T00:00:00Z' }),
  ]);
  assert.equal(choice.pod?.metadata.name, 'a');
  assert.deepEqual(choice.skipped, []);
});

test('pickAttachablePod skips unusable pods with reasons', () => {
  const choice = pickAttachablePod([
    pod('gone', { deleting: true }),
    pod('new', { phase: 'Pending' }),
    pod('warm', { ready: 'False' }),
    pod('nowhere', { node: null }),
    pod('done', { phase: 'Succeeded' }),
  ]);
  assert.equal(choice.pod, undefined);
  assert.deepEqual(choice.skipped, [
    'gone: being deleted',
    'new: phase Pending',
    'warm: not ready',
    'nowhere: not scheduled',
    'done: phase Succeeded',
  ]);
});
