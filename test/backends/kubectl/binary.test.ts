import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { locateBinary } from '../../../src/backends/kubectl/binary.js';
import { BackendUnavailableError } from '../../../src/core/errors.js';

let dir: string;
let fakeKubectl: string;
let fakeOc: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'podexec-kubectl-binary-'));
  fakeKubectl = path.join(dir, 'kubectl');
  fakeOc = path.join(dir, 'oc');
  await writeFile(fakeKubectl, '#!/bin/sh\nexit 0\n');
  await writeFile(fakeOc, '#!/bin/sh\nexit 0\n');
  await chmod(fakeKubectl, 0o755);
  await chmod(fakeOc, 0o644);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('PATH lookup finds the binary', async () => {
  const found = await locateBinary({ backend: 'kubectl', explicitPath: undefined, env: { PATH: `/nonexistent-dir:${dir}` }, searchNames: ['kubectl'] });
  assert.equal(found, fakeKubectl);
});

test('oc falls back to kubectl when oc is not executable', async () => {
  const found = await locateBinary({ backend: 'oc', explicitPath: undefined, env: { PATH: dir }, searchNames: ['oc', 'kubectl'] });
  assert.equal(found, fakeKubectl);
});

test('option wins over the environment', async () => {
  const found = await locateBinary({ backend: 'kubectl', explicitPath: fakeKubectl, env: { PATH: '', PODEXEC_KUBECTL: '/nonexistent/kubectl' }, searchNames: ['kubectl'] });
  assert.equal(found, fakeKubectl);
});

test('missing PODEXEC_KUBECTL is named in the error', async () => {
  const error = await locateBinary({ backend: 'kubectl', explicitPath: undefined, env: { PATH: dir, PODEXEC_KUBECTL: '/nonexistent/kubectl' }, searchNames: ['kubectl'] }).then(
    () => assert.fail('expected a rejection'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof BackendUnavailableError);
  assert.equal(error.code, 'PODEXEC_BACKEND_UNAVAILABLE');
  assert.equal(error.backend, 'kubectl');
  assert.deepEqual(error.searched, ['PODEXEC_KUBECTL=/nonexistent/kubectl (not found)']);
  assert.equal(
    error.message,
    'The kubectl backend cannot run: no usable kubectl binary. Looked at: PODEXEC_KUBECTL=/nonexistent/kubectl (not found). ' +
      'Install kubectl or oc, or set PODEXEC_KUBECTL or the kubectlPath backend option to the binary.',
  );
});

test('PATH search lists every candidate', async () => {
  const error = await locateBinary({ backend: 'oc', explicitPath: undefined, env: { PATH: `/nonexistent-a:${dir}` }, searchNames: ['oc'] }).then(
    () => assert.fail('expected a rejection'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof BackendUnavailableError);
  assert.deepEqual(error.searched, ['/nonexistent-a/oc (not found)', `${fakeOc} (not executable)`]);
});

test('bare name setting is looked up on PATH', async () => {
  const found = await locateBinary({ backend: 'kubectl', explicitPath: 'kubectl', env: { PATH: dir }, searchNames: ['kubectl'] });
  assert.equal(found, fakeKubectl);
  const error = await locateBinary({ backend: 'kubectl', explicitPath: 'kubectl.1.99', env: { PATH: dir }, searchNames: ['kubectl'] }).catch((caught: unknown) => caught);
  assert.ok(error instanceof BackendUnavailableError);
  assert.deepEqual(error.searched, ['kubectlPath option=kubectl.1.99 (not found on PATH)']);
});
