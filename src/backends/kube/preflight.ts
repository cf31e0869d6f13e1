/**
 * The pre-flight before an exec: fetch the pod (cached briefly so a fan-out to one pod costs one
 * GET), refuse pods that cannot take an exec, and choose the container.
 */
import type { Pod } from '../../api/pod.js';
import { containerNames } from '../../api/pod.js';
import { ContainerNotFoundError, ContainerNotRunningError, PodNotRunningError, PodNotScheduledError } from '../../core/errors.js';
import type { ErrorContext } from '../../core/errors.js';

/** Annotation that names the container kubectl and podexec use when none is given. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

const MAX_CACHED_PODS = 512;

/** Pod lookups shared for `ttlMs`, keyed by namespace and name; concurrent lookups share one request. */
export class PodCache {
  private readonly entries = new Map<string, { expires: number; pod: Promise<Pod> }>();

  constructor(private readonly ttlMs: number) {}

  get(namespace: string, name: string, load: () => Promise<Pod>): Promise<Pod> {
    if (this.ttlMs <= 0) return load();
    const key = `${namespace}/${name}`;
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expires > now) return cached.pod;

    const pod = load();
    this.entries.delete(key);
    this.entries.set(key, { expires: now + this.ttlMs, pod });
    // Failures are not cached, so the next run sends a new request.
    pod.catch(() => {
      if (this.entries.get(key)?.pod === pod) this.entries.delete(key);
    });
    // Map order is insertion order, so the first keys are the oldest entries.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_CACHED_PODS) break;
      this.entries.delete(oldest);
    }
    return pod;
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface ContainerChoice {
  container: string;
  /** Notes for the caller, such as which default container was chosen. */
  diagnostics: string[];
  /** Every container exec accepts in this pod. */
  validContainers: string[];
}

/**
 * Checks that `pod` can take an exec and picks the container: the requested one, else the
 * default-container annotation, else the first container. Init and ephemeral containers are
 * accepted by name because the API server execs into them while they run.
 */
export function choosePodContainer(pod: Pod, requested: string | undefined, context: ErrorContext): ContainerChoice {
  const phase = pod.status.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw new PodNotRunningError(phase, {}, context);
  }
  if (!pod.spec.nodeName) {
    throw new PodNotScheduledError({}, context);
  }

  const validContainers = containerNames(pod);
  if (requested !== undefined) {
    if (!validContainers.includes(requested)) {
      throw new ContainerNotFoundError(validContainers, {}, { ...context, container: requested });
    }
    const ended = [...pod.status.containerStatuses, ...pod.status.initContainerStatuses]
      .find((status) => status.name === requested && status.state === 'terminated');
    if (ended !== undefined) {
      const running = pod.status.containerStatuses.filter((status) => status.state === 'running').map((status) => status.name);
      throw new ContainerNotRunningError('terminated', running, {}, { ...context, container: requested });
    }
    return { container: requested, diagnostics: [], validContainers };
  }

  const regular = pod.spec.containers.map((container) => container.name);
  const first = regular[0];
  if (first === undefined) {
    throw new ContainerNotFoundError(validContainers, {}, context);
  }
  const diagnostics: string[] = [];
  const annotated = pod.metadata.annotations[DEFAULT_CONTAINER_ANNOTATION];
  let container = first;
  let source = 'the first container';
  if (annotated !== undefined && regular.includes(annotated)) {
    container = annotated;
    source = `annotation ${DEFAULT_CONTAINER_ANNOTATION}`;
  } else if (annotated !== undefined) {
    diagnostics.push(
      `Annotation ${DEFAULT_CONTAINER_ANNOTATION} names container "${annotated}", which pod ${pod.metadata.name} ` +
        `does not have; using the first container "${first}".`,
    );
  }
  if (regular.length > 1) {
    diagnostics.push(
      `No container given; using container "${container}" (${source}) of pod ${pod.metadata.name}, ` +
        `which has: ${regular.join(', ')}. Choose another with the container option or -c.`,
    );
  }
  return { container, diagnostics, validContainers };
}
