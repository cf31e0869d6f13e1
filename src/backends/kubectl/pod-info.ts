/**
 * Reads the pod once before an exec that names no container, so the session can report which
 * container ran the command, the way the kube backend does after its pre-flight GET.
 */
import type { ErrorContext } from '../../core/errors.js';
import { classifyKubectlError } from './classify.js';
import { getPodArgs, type ConnectionFlags } from './args.js';
import { lastErrorLine, runKubectl } from './run.js';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export interface DefaultContainer {
  name: string;
  /** Why this container was chosen, for the session's diagnostics; undefined for a single-container pod. */
  note: string | undefined;
}

/** Lists the pod's container names with `kubectl get`; an empty list when the pod cannot be read. */
export async function fetchContainerNames(
  binary: string,
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  namespace: string,
  pod: string,
): Promise<string[]> {
  try {
    const result = await runKubectl(binary, getPodArgs(flags, namespace, pod), env);
    return result.exitCode === 0 ? containerNames(parsePod(result.stdout)) : [];
  } catch {
    return [];
  }
}

interface ContainerShape {
  name?: unknown;
}

interface PodShape {
  metadata?: { annotations?: Record<string, unknown> };
  spec?: { containers?: ContainerShape[]; initContainers?: ContainerShape[]; ephemeralContainers?: ContainerShape[] };
}

/** Chooses the container kubectl would use: the annotated default when it exists, else the first. */
export function chooseDefaultContainer(podJson: string): DefaultContainer | undefined {
  const pod = parsePod(podJson);
  const names = namesOf(pod?.spec?.containers);
  const first = names[0];
  if (first === undefined) return undefined;
  const annotated = pod?.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (typeof annotated === 'string' && names.includes(annotated)) {
    return { name: annotated, note: `Container "${annotated}" chosen by the ${DEFAULT_CONTAINER_ANNOTATION} annotation; the pod has: ${names.join(', ')}.` };
  }
  const missing =
    typeof annotated === 'string'
      ? `The ${DEFAULT_CONTAINER_ANNOTATION} annotation names container "${annotated}", which the pod does not have. `
      : '';
  if (names.length === 1) return { name: first, note: missing === '' ? undefined : `${missing}Using the only container "${first}".` };
  return {
    name: first,
    note: `${missing}Container "${first}" chosen as the pod's first container; the pod has: ${names.join(', ')}. Pass a container to choose another.`,
  };
}

/** Fetches the pod with `kubectl get` and chooses its default container; kubectl errors become typed errors. */
export async function fetchDefaultContainer(
  binary: string,
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  context: ErrorContext & { pod: string; namespace: string },
): Promise<DefaultContainer | undefined> {
  const result = await runKubectl(binary, getPodArgs(flags, context.namespace, context.pod), env);
  if (result.exitCode !== 0) {
    throw classifyKubectlError(lastErrorLine(result.stderr), context, flags.kubeconfig);
  }
  return chooseDefaultContainer(result.stdout);
}

function parsePod(json: string): PodShape | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as PodShape) : undefined;
  } catch {
    return undefined;
  }
}

/** Every container exec accepts: regular, init and ephemeral. */
function containerNames(pod: PodShape | undefined): string[] {
  const spec = pod?.spec;
  return [...namesOf(spec?.containers), ...namesOf(spec?.initContainers), ...namesOf(spec?.ephemeralContainers)];
}

function namesOf(containers: ContainerShape[] | undefined): string[] {
  return (containers ?? []).map((container) => container.name).filter((name): name is string => typeof name === 'string');
}
