/** Choosing the pod to exec into among the pods of a workload. */
import { isPodReady } from '../api/pod.js';
import type { Pod } from '../api/pod.js';

/** Why `pod` cannot take an exec, or undefined when it can: running, ready and not being deleted. */
export function unattachableReason(pod: Pod): string | undefined {
  if (pod.metadata.deletionTimestamp !== undefined) return 'being deleted';
  if (pod.status.phase !== 'Running') return `phase ${pod.status.phase ?? 'unknown'}`;
  if (!pod.spec.nodeName) return 'not scheduled';
  if (!isPodReady(pod)) return 'not ready';
  return undefined;
}

function readySince(pod: Pod): number {
  const ready = pod.status.conditions.find((condition) => condition.type === 'Ready');
  const time = ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : Number.NaN;
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

export interface PodChoice {
  /** The chosen pod, or undefined when no pod qualifies. */
  pod: Pod | undefined;
  /** Every pod passed over and why, as `name: reason`. */
  skipped: string[];
}

/**
 * Picks the pod ready the longest among running, ready pods that are not being deleted, so that
 * repeated runs land on the same stable pod. Ties go to the first name in sort order.
 */
export function pickAttachablePod(pods: readonly Pod[]): PodChoice {
  const skipped: string[] = [];
  const candidates: Pod[] = [];
  for (const pod of pods) {
    const reason = unattachableReason(pod);
    if (reason === undefined) candidates.push(pod);
    else skipped.push(`${pod.metadata.name}: ${reason}`);
  }
  candidates.sort((a, b) => readySince(a) - readySince(b) || a.metadata.name.localeCompare(b.metadata.name));
  return { pod: candidates[0], skipped };
}
