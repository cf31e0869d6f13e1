/**
 * Chooses the runtime mode. Namespaces need unshare, nsenter, bash and mount, and either root or
 * unprivileged user namespaces. The only reliable test is to start a real pod and exec in it,
 * because containers, seccomp profiles and sysctls can forbid namespaces that the kernel supports.
 */
import { randomUUID } from 'node:crypto';
import { debuglog } from 'node:util';

import { PodRuntimeError } from './errors.js';
import { findHostCommands } from './host-commands.js';
import { NamespacePod } from './namespace-pod.js';
import type { NamespaceContext } from './namespace-pod.js';
import type { NodePtyModule } from './terminal-process.js';
import type { RuntimeInfo } from './types.js';

const debug = debuglog('podexec');

export const PLAIN_MODE_LIMITS =
  'pods are ordinary processes that share the host hostname, /tmp and process list, and missing tools ' +
  'are hidden only from the command itself, not from scripts it runs';

export interface ModeChoice {
  info: RuntimeInfo;
  /** Present in namespaces mode. */
  context: NamespaceContext | undefined;
}

/** Probes the machine and returns the mode to use; rejects only when `namespaces` was required. */
export async function chooseMode(
  requested: 'auto' | 'namespaces' | 'plain',
  stateDir: string,
  nodePty: NodePtyModule | string,
): Promise<ModeChoice> {
  if (requested === 'plain') {
    return { info: { mode: 'plain', detail: `plain mode as requested: ${PLAIN_MODE_LIMITS}` }, context: undefined };
  }

  const failures: string[] = [];
  const commands = findHostCommands();
  if ('missing' in commands) {
    failures.push(`${commands.missing.join(', ')} not found in PATH`);
  } else {
    const isRoot = process.getuid?.() === 0;
    const attempts = isRoot ? [false, true] : [true];
    for (const userNamespace of attempts) {
      const context: NamespaceContext = { commands, userNamespace, stateDir, nodePty };
      const problem = await probe(context);
      const flavor = userNamespace ? 'user namespaces (unshare --user --map-root-user)' : 'namespaces as root';
      if (problem === undefined) {
        return { info: { mode: 'namespaces', detail: `namespaces mode: ${flavor} work on this machine` }, context };
      }
      failures.push(`${flavor} failed: ${problem}`);
    }
  }

  const reason = failures.join('; ');
  if (requested === 'namespaces') {
    throw new PodRuntimeError(
      `Namespaces mode is not available on this machine: ${reason}. Use mode "auto" or "plain" to run pods as ordinary processes.`,
      { mode: 'namespaces', detail: reason },
    );
  }
  return { info: { mode: 'plain', detail: `plain mode because ${reason}: ${PLAIN_MODE_LIMITS}` }, context: undefined };
}

/** Starts a throwaway pod, checks its hostname from inside, and stops it; returns what went wrong. */
async function probe(context: NamespaceContext): Promise<string | undefined> {
  const uid = `probe-${randomUUID()}`;
  const name = `podexec-probe-${uid.slice(6, 14)}`;
  let pod: NamespacePod;
  try {
    pod = await NamespacePod.start(
      {
        uid,
        name,
        namespace: 'podexec-probe',
        containers: [{ name: 'probe', env: [], workingDir: undefined }],
        missingTools: [],
        podEnv: [],
      },
      context,
    );
  } catch (error) {
    debug('runtime: namespace probe failed: %s', (error as Error).message);
    return (error as Error).message;
  }

  try {
    const started = pod.exec('probe', ['hostname'], { tty: false });
    started.stdin.end();
    const chunks: Buffer[] = [];
    started.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    started.stderr.resume();
    const outcome = await started.outcome;
    const output = Buffer.concat(chunks).toString().trim();
    if (outcome.kind !== 'exited' || outcome.exitCode !== 0 || output !== name) {
      return `an exec in the probe pod returned ${JSON.stringify(outcome)} with hostname "${output}"`;
    }
    return undefined;
  } finally {
    await pod.stop();
  }
}
