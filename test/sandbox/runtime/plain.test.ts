import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { createTestRuntime, registerCommonTests } from './common-cases.js';
import { podSpec, run } from './helpers.js';

const { runtime, stateDir, cleanup } = await createTestRuntime('plain');
after(cleanup);

registerCommonTests(runtime, stateDir);

describe('plain mode limits', () => {
  test('detail names the limits', () => {
    assert.equal(runtime.info.mode, 'plain');
    assert.match(runtime.info.detail, /^plain mode as requested: /);
    assert.match(runtime.info.detail, /hidden only from the command itself/);
  });

  test('missing tool visible to scripts', async () => {
    // Plain pods share the host's files, so only argv[0] is checked; this documents that gap.
    const pod = await runtime.startPod(podSpec({ missingTools: ['tar'] }));
    const result = await run(pod, ['sh', '-c', 'command -v tar']);
    assert.deepEqual(result.outcome, { kind: 'exited', exitCode: 0 });
    assert.match(result.stdout.toString(), /\/tar\n$/);
  });
});
