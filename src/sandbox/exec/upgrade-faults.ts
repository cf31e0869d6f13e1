/**
 * The upgrade-status fault: fails the first K WebSocket upgrade attempts to a pod with a chosen
 * HTTP status, counting attempts per pod across connections.
 */
import type { KubeStatus } from '../../protocol/index.js';
import { errorStatus } from '../../protocol/index.js';
import type { ExecFaults } from './faults.js';
import { FAULTS_ANNOTATION } from './faults.js';
import { statusReasonForCode } from './http-status.js';

export interface UpgradeFailure {
  code: number;
  status: KubeStatus;
  headers: Record<string, string>;
}

interface PodAttempts {
  count: number;
  /** The response of the latest WebSocket attempt when it failed by this fault. */
  lastFailure: UpgradeFailure | undefined;
}

export class UpgradeFaultCounter {
  readonly #pods = new Map<string, PodAttempts>();

  /**
   * Counts a WebSocket upgrade attempt to the pod (`namespace/name`) and returns the failure to
   * send, or undefined when the attempt may proceed.
   */
  countAttempt(pod: { namespace: string; name: string }, faults: ExecFaults): UpgradeFailure | undefined {
    if (faults.upgradeStatus === undefined) return undefined;

    const key = `${pod.namespace}/${pod.name}`;
    const attempts = this.#pods.get(key) ?? { count: 0, lastFailure: undefined };
    this.#pods.set(key, attempts);
    attempts.count += 1;
    attempts.lastFailure = undefined;
    const limit = faults.upgradeFailures;
    if (limit !== undefined && attempts.count > limit) return undefined;

    const code = faults.upgradeStatus;
    const of = limit === undefined ? '' : ` of ${limit}`;
    const message = `upgrade attempt ${attempts.count}${of} to pod ${key} failed with HTTP ${code} by fault injection (${FAULTS_ANNOTATION})`;
    const headers: Record<string, string> = {};
    const details: KubeStatus['details'] = { name: pod.name, kind: 'pods' };
    if (faults.retryAfterSeconds !== undefined) {
      headers['Retry-After'] = String(faults.retryAfterSeconds);
      details.retryAfterSeconds = faults.retryAfterSeconds;
    }
    attempts.lastFailure = { code, status: errorStatus(code, statusReasonForCode(code), message, details), headers };
    return attempts.lastFailure;
  }

  /**
   * Returns the failure of the pod's latest WebSocket attempt, if it failed. kubectl retries a
   * failed WebSocket upgrade once over SPDY, and repeating the failure there (without counting
   * it) lets kubectl report the injected status instead of the sandbox's lack of SPDY.
   */
  latestFailure(pod: { namespace: string; name: string }): UpgradeFailure | undefined {
    return this.#pods.get(`${pod.namespace}/${pod.name}`)?.lastFailure;
  }
}
