/**
 * The sandbox's state: the object store, the pod runtime, and applying manifests to them. Pods
 * whose phase is Running get processes from the runtime; every other pod is only served.
 */
import { debuglog } from 'node:util';
import type { SandboxPodView } from './exec/index.js';
import { ManifestError } from './errors.js';
import type { ManifestDocument } from './manifests/fields.js';
import { convertDocuments } from './manifests/convert.js';
import type { ConvertedDocument } from './manifests/convert.js';
import { newObjectMeta } from './manifests/metadata.js';
import { MISSING_TOOLS_ANNOTATION } from './manifests/pod.js';
import type { GenericObject, PodObject } from './objects.js';
import type { PodHandle, PodRuntime, RuntimePodSpec } from './runtime/types.js';
import { ObjectStore } from './store.js';

const log = debuglog('podexec');

export class SandboxCluster {
  readonly store = new ObjectStore();
  readonly #runtime: PodRuntime;
  #port = 0;
  #podCount = 0;

  constructor(runtime: PodRuntime) {
    this.#runtime = runtime;
    this.store.add('namespaces', this.#namespaceObject('default'));
  }

  /** Sets the API server port that containers find in KUBERNETES_SERVICE_PORT; call before apply(). */
  setServerPort(port: number): void {
    this.#port = port;
  }

  /** Validates every document, then adds the objects and starts the Running pods. */
  async apply(documents: readonly ManifestDocument[]): Promise<void> {
    const converted = convertDocuments(documents, {
      nextResourceVersion: () => this.store.nextResourceVersion(),
      nextPodIP: () => this.#nextPodIP(),
    });
    checkDuplicates(this.store, converted);

    const pods = converted.flatMap((document) => document.pods);
    const handles = await this.#startPods(pods);

    for (const document of converted) {
      for (const { plural, object } of document.objects) {
        if (plural === 'namespaces' && this.store.has(plural, undefined, object.metadata.name)) continue;
        this.store.add(plural, object);
      }
    }
    for (const pod of pods) {
      const namespace = pod.metadata.namespace ?? 'default';
      if (!this.store.has('namespaces', undefined, namespace)) this.store.add('namespaces', this.#namespaceObject(namespace));
      this.store.addPod({ object: pod, handle: handles.get(pod.metadata.uid) });
    }
  }

  /** Removes a pod and stops its processes. TODO: update the owner's replica counts, which stay as applied. */
  async deletePod(namespace: string, name: string): Promise<boolean> {
    const record = this.store.removePod(namespace, name);
    if (!record) return false;
    await record.handle?.stop();
    return true;
  }

  findPod(namespace: string, name: string): SandboxPodView | undefined {
    const record = this.store.getPod(namespace, name);
    if (!record) return undefined;
    const { object } = record;
    return {
      namespace,
      name,
      phase: object.status.phase,
      nodeName: object.spec.nodeName,
      containers: object.spec.containers.map((container) => container.name),
      initContainers: (object.spec.initContainers ?? []).map((container) => container.name),
      annotations: object.metadata.annotations ?? {},
      handle: record.handle,
    };
  }

  /** Starts the processes of every Running pod; on a failure stops those already started. */
  async #startPods(pods: readonly PodObject[]): Promise<Map<string, PodHandle>> {
    const handles = new Map<string, PodHandle>();
    const running = pods.filter((pod) => pod.status.phase === 'Running');
    const results = await Promise.allSettled(
      running.map(async (pod) => {
        const handle = await this.#runtime.startPod(this.#runtimeSpec(pod));
        handles.set(pod.metadata.uid, handle);
        log('sandbox started pod %s/%s', pod.metadata.namespace, pod.metadata.name);
      }),
    );
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      await Promise.allSettled([...handles.values()].map((handle) => handle.stop()));
      throw failure.reason;
    }
    return handles;
  }

  #runtimeSpec(pod: PodObject): RuntimePodSpec {
    return {
      uid: pod.metadata.uid,
      name: pod.metadata.name,
      namespace: pod.metadata.namespace ?? 'default',
      containers: pod.spec.containers.map((container) => ({
        name: container.name,
        // TODO: expand `$(VAR)` references inside values, as the kubelet does.
        env: (container.env ?? []).map((variable) => ({
          name: variable.name,
          value: variable.valueFrom ? readPodField(pod, variable.valueFrom.fieldRef.fieldPath) : (variable.value ?? ''),
        })),
        workingDir: container.workingDir,
      })),
      missingTools: (pod.metadata.annotations?.[MISSING_TOOLS_ANNOTATION] ?? '').split(/[\s,]+/).filter(Boolean),
      podEnv: [
        { name: 'KUBERNETES_SERVICE_HOST', value: '127.0.0.1' },
        { name: 'KUBERNETES_SERVICE_PORT', value: String(this.#port) },
        { name: 'KUBERNETES_SERVICE_PORT_HTTPS', value: String(this.#port) },
      ],
    };
  }

  #namespaceObject(name: string): GenericObject {
    const metadata = newObjectMeta({ name, namespace: undefined, labels: { 'kubernetes.io/metadata.name': name }, annotations: undefined }, this.store.nextResourceVersion());
    return { apiVersion: 'v1', kind: 'Namespace', metadata, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
  }

  /**
   * Pod IPs come from 127.1.0.0/16, a loopback range, so they never point at another machine. They
   * are labels only because pods share the host's network, and they repeat after 62 500 pods.
   */
  #nextPodIP(): string {
    this.#podCount += 1;
    const n = this.#podCount % 62500;
    return `127.1.${Math.floor(n / 250)}.${(n % 250) + 2}`;
  }
}

/**
 * Rejects an object whose name is in use, in the store or earlier in the same apply. A Namespace
 * that already exists is not an error, so manifests may declare `default` or repeat a namespace.
 */
function checkDuplicates(store: ObjectStore, converted: readonly ConvertedDocument[]): void {
  const seen = new Set<string>();
  for (const document of converted) {
    const entries: Array<{ plural: string; object: GenericObject | PodObject }> = [
      ...document.objects,
      ...document.pods.map((object) => ({ plural: 'pods', object })),
    ];
    for (const { plural, object } of entries) {
      const { namespace, name } = object.metadata;
      const key = `${plural}/${namespace ?? ''}/${name}`;
      const nameInUse = plural !== 'namespaces' && store.has(plural, namespace, name);
      if (seen.has(key) || nameInUse) {
        const where = namespace === undefined ? '' : ` in namespace ${namespace}`;
        throw new ManifestError(document.origin.source, document.origin.index, 'metadata.name', `${plural} "${name}" already exists${where}`);
      }
      seen.add(key);
    }
  }
}

/**
 * Checks documents for an empty sandbox without starting anything, so startSandbox() fails on a
 * bad manifest before it makes certificates, a listener or pods. Throws ManifestError.
 */
export function validateDocuments(documents: readonly ManifestDocument[]): void {
  const store = new ObjectStore();
  let podCount = 0;
  const converted = convertDocuments(documents, {
    nextResourceVersion: () => store.nextResourceVersion(),
    nextPodIP: () => `127.1.0.${++podCount % 250}`,
  });
  checkDuplicates(store, converted);
}

function readPodField(pod: PodObject, fieldPath: string): string {
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'status.podIP':
      return String(pod.status.podIP ?? '');
    default:
      return String(pod.status.hostIP ?? '');
  }
}
