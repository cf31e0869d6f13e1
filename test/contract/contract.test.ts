/**
 * Runs every contract case against every registered backend on one sandbox, through `Exec`, and
 * checks that backends agree with each other wherever the table records no difference.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import '../../src/backends/builtin.js';
import { registeredBackends } from '../../src/backends/registry.js';
import type { ExecResult } from '../../src/core/result.js';
import { Exec } from '../../src/exec/index.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { CONTRACT_CASES } from './cases.js';
import { checkOutcome, type Outcome } from './expectations.js';
import { CONTRACT_MANIFESTS } from './manifests.js';

/** Second names of a backend; running them again would only repeat their target's results. */
const ALIASES: Readonly<Record<string, string>> = { KubClient: 'kube', oc: 'kubectl' };

const backends = registeredBackends().filter((name) => ALIASES[name] === undefined);

let sandbox: TestSandbox;
const execs = new Map<string, Exec>();

before(async () => {
  sandbox = await startTestSandbox(CONTRACT_MANIFESTS);
  for (const backend of backends) {
    execs.set(backend, new Exec({ backend, kubeconfig: sandbox.kubeconfigPath, env: sandbox.env }));
  }
});

after(async () => {
  for (const exec of execs.values()) await exec.close();
  await sandbox?.stop();
});

test('contract covers kube and kubectl', () => {
  assert.ok(backends.includes('kube'), `registered: ${backends.join(', ')}`);
  assert.ok(backends.includes('kubectl'), `registered: ${backends.join(', ')}`);
});

for (const contractCase of CONTRACT_CASES) {
  test(`contract: ${contractCase.name}`, async () => {
    const agreeing = new Map<string, Outcome>();
    for (const backend of backends) {
      const exec = execs.get(backend);
      assert.ok(exec);
      const difference = contractCase.differences?.[backend];
      const expected = difference?.expect ?? contractCase.expect;
      if (difference) assert.ok(difference.reason.length > 20, `${backend}: a difference needs its reason`);

      let settled: { result: ExecResult } | { error: unknown };
      try {
        settled = { result: await exec.run(contractCase.pod, 'default', contractCase.command(backend)) };
      } catch (error) {
        settled = { error };
      }
      const outcome = checkOutcome(backend, settled, expected);
      if (!difference) agreeing.set(backend, outcome);
      await contractCase.verify?.(exec, backend);
    }

    const [first, ...others] = [...agreeing.entries()];
    for (const [backend, outcome] of others) {
      assert.deepEqual(outcome, first?.[1], `${backend} differs from ${first?.[0]}`);
    }
  });
}
