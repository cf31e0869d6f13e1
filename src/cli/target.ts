/** Resolving the TARGET argument of a CLI command to a pod and namespace. */
import { createApiClient } from '../api/client.js';
import { loadConnection } from '../kubeconfig/index.js';
import { parseTarget, resolveTarget } from '../targets/index.js';

export interface TargetOptions {
  kubeconfig: string | undefined;
  context: string | undefined;
  namespace: string | undefined;
  signal: AbortSignal;
}

/**
 * Returns the pod TARGET names. A pod name needs no request; a workload such as deploy/NAME is
 * looked up through the Kubernetes API whichever backend runs the command.
 */
export async function resolvePodTarget(target: string, options: TargetOptions): Promise<{ pod: string; namespace: string | undefined }> {
  const parsed = parseTarget(target);
  if (parsed.type === 'pod') return { pod: parsed.name, namespace: options.namespace };

  const connection = await loadConnection({ kubeconfig: options.kubeconfig, context: options.context });
  const api = createApiClient(connection);
  try {
    return await resolveTarget(api, target, options.namespace ?? connection.namespace, { signal: options.signal });
  } finally {
    api.close();
  }
}
