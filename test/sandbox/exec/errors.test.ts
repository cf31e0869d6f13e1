import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { internalErrorStatus } from '../../../src/protocol/index.js';
import { execQuery, startExecHarness } from './harness.js';
import type { ExecHarness } from './harness.js';
import { rejectedUpgrade, runExec } from './ws-client.js';

/** The JSON body of an API server error, as kubectl and client libraries read it. */
function statusBody(code: number, reason: string, message: string, details?: object): object {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  };
}

describe('exec endpoint errors', () => {
  let harness: ExecHarness;

  before(async () => {
    harness = await startExecHarness([
      { name: 'single' },
      { name: 'multi', containers: ['app', 'sidecar'] },
      { name: 'with-init', containers: ['app', 'sidecar'], initContainers: ['setup', 'migrate'] },
      { name: 'unscheduled', nodeName: null, running: false, phase: 'Pending' },
      { name: 'completed', running: false, phase: 'Succeeded' },
      { name: 'bad-faults', annotations: { 'sandbox.podexec.io/faults': 'drop-after-bytes=ten' } },
      { name: 'unknown-fault', annotations: { 'sandbox.podexec.io/faults': 'explode=1' } },
      { name: 'other-ns', namespace: 'shop' },
    ]);
  });
  after(async () => {
    await harness.stop();
  });

  const table: Array<{ name: string; pod: string; flags: Record<string, string>; namespace?: string; code: number; reason: string; message: string; details?: object }> = [
    {
      name: 'pod missing',
      pod: 'ghost',
      flags: {},
      code: 404,
      reason: 'NotFound',
      message: 'pods "ghost" not found',
      details: { name: 'ghost', kind: 'pods' },
    },
    {
      name: 'pod in other namespace',
      pod: 'other-ns',
      flags: {},
      code: 404,
      reason: 'NotFound',
      message: 'pods "other-ns" not found',
      details: { name: 'other-ns', kind: 'pods' },
    },
    {
      name: 'container not in pod',
      pod: 'single',
      flags: { container: 'nope' },
      code: 400,
      reason: 'BadRequest',
      message: 'container nope is not valid for pod single',
    },
    {
      name: 'container required',
      pod: 'multi',
      flags: {},
      code: 400,
      reason: 'BadRequest',
      message: 'a container name must be specified for pod multi, choose one of: [app sidecar]',
    },
    {
      name: 'container required with init',
      pod: 'with-init',
      flags: {},
      code: 400,
      reason: 'BadRequest',
      message:
        'a container name must be specified for pod with-init, choose one of: [app sidecar] or one of the init containers: [setup migrate]',
    },
    {
      name: 'pod not scheduled',
      pod: 'unscheduled',
      flags: {},
      code: 400,
      reason: 'BadRequest',
      message: 'pod unscheduled does not have a host assigned',
    },
    {
      name: 'invalid fault value',
      pod: 'bad-faults',
      flags: {},
      code: 400,
      reason: 'BadRequest',
      message:
        'invalid annotation sandbox.podexec.io/faults on pod default/bad-faults: invalid value in "drop-after-bytes=ten": expected an integer from 0 to 9007199254740991; fix the pod manifest',
    },
    {
      name: 'unknown fault key',
      pod: 'unknown-fault',
      flags: {},
      code: 400,
      reason: 'BadRequest',
      message:
        'invalid annotation sandbox.podexec.io/faults on pod default/unknown-fault: unknown fault "explode" in "explode=1"; known faults: drop-after-bytes, drop-after-ms, close-without-status-after-bytes, throttle-bytes-per-second, latency-ms, upgrade-status, upgrade-failures, retry-after-seconds; fix the pod manifest',
    },
  ];

  for (const entry of table) {
    test(`upgrade rejected: ${entry.name}`, async () => {
      const url = harness.execUrl(entry.pod, execQuery(['true'], { stdout: 'true', ...entry.flags }), entry.namespace);
      const rejected = await rejectedUpgrade(url);
      assert.equal(rejected.statusCode, entry.code);
      assert.equal(rejected.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(rejected.body), statusBody(entry.code, entry.reason, entry.message, entry.details));
    });

    test(`plain request rejected: ${entry.name}`, async () => {
      const url = harness.execUrl(entry.pod, execQuery(['true'], { stdout: 'true', ...entry.flags }), entry.namespace);
      const response = await fetch(url.replace('ws://', 'http://'));
      assert.equal(response.status, entry.code);
      assert.deepEqual(await response.json(), statusBody(entry.code, entry.reason, entry.message, entry.details));
    });
  }

  test('no command gives 400', async () => {
    const rejected = await rejectedUpgrade(harness.execUrl('single', [['stdout', 'true']]));
    assert.equal(rejected.statusCode, 400);
    assert.deepEqual(JSON.parse(rejected.body), statusBody(400, 'BadRequest', 'you must specify at least 1 command'));
  });

  test('no stream requested gives 400', async () => {
    const rejected = await rejectedUpgrade(harness.execUrl('single', execQuery(['true'], { stdout: 'false', stdin: '0' })));
    assert.equal(rejected.statusCode, 400);
    const message = 'you must specify at least 1 of stdin, stdout, stderr';
    assert.deepEqual(JSON.parse(rejected.body), statusBody(400, 'BadRequest', message));
  });

  test('completed pod reports container not found', async () => {
    const run = await runExec(harness.execUrl('completed', execQuery(['true'], { stdout: 'true' })));
    assert.equal(run.stdout.length, 0);
    assert.deepEqual(run.status, internalErrorStatus('unable to upgrade connection: container not found ("main")'));
    assert.equal(run.closeCode, 1000);
  });

  test('init container reports container not found', async () => {
    const url = harness.execUrl('with-init', execQuery(['true'], { stdout: 'true', container: 'setup' }));
    const run = await runExec(url, ['v4.channel.k8s.io']);
    assert.deepEqual(run.status, internalErrorStatus('unable to upgrade connection: container not found ("setup")'));
  });

  test('named container of several runs', async () => {
    const url = harness.execUrl('multi', execQuery(['echo', 'ok'], { stdout: 'true', container: 'sidecar' }));
    const run = await runExec(url);
    assert.equal(run.stdout.toString(), 'ok\n');
    assert.equal(run.status?.status, 'Success');
  });

  test('SPDY upgrade gives 400', async () => {
    const url = new URL(harness.execUrl('single', execQuery(['true'], { stdout: 'true' })).replace('ws://', 'http://'));
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1' } });
      req.once('response', resolve);
      req.once('upgrade', () => reject(new Error('SPDY upgrade succeeded')));
      req.once('error', reject);
      req.end();
    });
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    assert.equal(response.statusCode, 400);
    const message =
      'exec over "SPDY/3.1" is not supported by the podexec sandbox; use a WebSocket client offering v5.channel.k8s.io or v4.channel.k8s.io';
    assert.deepEqual(JSON.parse(Buffer.concat(chunks).toString()), statusBody(400, 'BadRequest', message));
  });
});
