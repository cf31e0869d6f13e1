/** Resolving a target (`web-0`, `deploy/web`, `sts/db`, `job/migrate`, `rs/web-5d9`) to one pod. */
import type { ApiClient } from '../api/client.js';
import { recordOf } from '../api/parse.js';
import { ApiRequestError, NoReadyPodError, TargetNotFoundError } from '../core/errors.js';
import { parseTarget } from './parse.js';
import type { WorkloadKind } from './parse.js';
import { pickAttachablePod } from './pick.js';
import { selectorToString } from './selector.js';

export interface ResolvedTarget {
  pod: string;
  namespace: string;
}

export interface ResolveOptions {
  signal?: AbortSignal | undefined;
}

/** Returns the label selector of workload `name`; a 404 becomes TargetNotFoundError. */
export async function workloadSelector(
  api: ApiClient,
  workload: WorkloadKind,
  name: string,
  namespace: string,
  target: string,
  options: ResolveOptions = {},
): Promise<string> {
  const path = `${workload.apiPrefix}/namespaces/${encodeURIComponent(namespace)}/${workload.resource}/${encodeURIComponent(name)}`;
  let body: unknown;
  try {
    body = await api.getJson(path, { signal: options.signal, context: { namespace } });
  } catch (error) {
    if (error instanceof ApiRequestError && error.httpStatus === 404) {
      throw new TargetNotFoundError(target, workload.kind, { httpStatus: 404, reason: error.reason, serverMessage: error.serverMessage }, { namespace });
    }
    throw error;
  }
  const selector = selectorToString(recordOf(recordOf(body).spec).selector);
  // Jobs created without an explicit selector still label their pods with the job's name.
  if (selector === '' && workload.kind === 'Job') return `job-name=${name}`;
  return selector;
}

/**
 * Resolves `target` in `namespace` to a pod name. A bare name or `pod/NAME` is returned as it is
 * (the exec pre-flight checks it); a workload resolves to its longest-ready running pod.
 * Throws InvalidOptionError for an unknown kind, TargetNotFoundError when the workload is missing
 * and NoReadyPodError when none of its pods can take an exec.
 */
export async function resolveTarget(api: ApiClient, target: string, namespace: string, options: ResolveOptions = {}): Promise<ResolvedTarget> {
  const parsed = parseTarget(target);
  if (parsed.type === 'pod') return { pod: parsed.name, namespace };

  const selector = await workloadSelector(api, parsed.workload, parsed.name, namespace, target, options);
  if (selector === '') {
    // An empty selector matches every pod of the namespace, which would pick an unrelated pod.
    throw new NoReadyPodError(target, '(empty)', ['the workload has an empty selector'], { namespace });
  }
  const pods = await api.listPods(namespace, selector, { signal: options.signal });
  const choice = pickAttachablePod(pods);
  if (!choice.pod) throw new NoReadyPodError(target, selector, choice.skipped, { namespace });
  return { pod: choice.pod.metadata.name, namespace };
}
