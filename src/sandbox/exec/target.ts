/**
 * Resolution of the pod and container an exec request names, with the same checks, order and
 * messages as the API server's exec location lookup.
 */
import type { KubeStatus } from '../../protocol/index.js';
import { errorStatus } from '../../protocol/index.js';
import type { SandboxPodView } from './types.js';

export interface ExecTarget {
  pod: SandboxPodView;
  container: string;
}

export type ExecTargetResult = { ok: true; target: ExecTarget } | { ok: false; status: KubeStatus };

/** Matches `/api/v1/namespaces/{namespace}/pods/{name}/exec`, with or without a query. */
const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/?]+)\/pods\/([^/?]+)\/exec\/?(?:\?|$)/;

/** Extracts namespace and pod name from the request path; undefined when it is no exec path. */
export function parseExecPath(url: string): { namespace: string; name: string } | undefined {
  const match = EXEC_PATH.exec(url);
  if (!match) return undefined;
  return { namespace: decodeURIComponent(match[1] as string), name: decodeURIComponent(match[2] as string) };
}

/** Builds the API server's Status for a pod that does not exist (or whose namespace does not). */
export function podNotFoundStatus(name: string): KubeStatus {
  return errorStatus(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
}

/**
 * Picks the container. The API server does not read the
 * `kubectl.kubernetes.io/default-container` annotation: clients apply it before they connect, so
 * here a single container is the default and several containers without a name are an error.
 */
export function resolveExecTarget(pod: SandboxPodView, requestedContainer: string | undefined): ExecTargetResult {
  let container = requestedContainer;
  if (container === undefined) {
    if (pod.containers.length === 1) {
      container = pod.containers[0] as string;
    } else {
      let message = `a container name must be specified for pod ${pod.name}, choose one of: [${pod.containers.join(' ')}]`;
      if (pod.initContainers.length > 0) {
        message += ` or one of the init containers: [${pod.initContainers.join(' ')}]`;
      }
      return { ok: false, status: errorStatus(400, 'BadRequest', message) };
    }
  } else if (!pod.containers.includes(container) && !pod.initContainers.includes(container)) {
    const message = `container ${container} is not valid for pod ${pod.name}`;
    return { ok: false, status: errorStatus(400, 'BadRequest', message) };
  }

  if (pod.nodeName === undefined || pod.nodeName === '') {
    const message = `pod ${pod.name} does not have a host assigned`;
    return { ok: false, status: errorStatus(400, 'BadRequest', message) };
  }
  return { ok: true, target: { pod, container } };
}
