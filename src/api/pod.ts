/**
 * The part of the Kubernetes Pod object that exec and target resolution read, parsed from the
 * API's JSON into typed shapes.
 */
import { booleanOf, numberOf, recordOf, recordsOf, stringMapOf, stringOf } from './parse.js';
import type { JsonRecord } from './parse.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Set once deletion started; such a pod is on its way out. */
  deletionTimestamp: string | undefined;
  creationTimestamp: string | undefined;
  ownerReferences: OwnerReference[];
}

export interface ContainerSpec {
  name: string;
}

export interface PodSpec {
  containers: ContainerSpec[];
  initContainers: ContainerSpec[];
  ephemeralContainers: ContainerSpec[];
  /** Node the pod is bound to; undefined while the pod is not scheduled. */
  nodeName: string | undefined;
}

export interface PodCondition {
  /** Condition type such as `Ready` or `PodScheduled`. */
  type: string;
  /** `True`, `False` or `Unknown`. */
  status: string;
  lastTransitionTime: string | undefined;
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  /** Current state: `running`, `waiting` or `terminated`; undefined when not reported. */
  state: 'running' | 'waiting' | 'terminated' | undefined;
}

export interface PodStatus {
  /** `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`; undefined when not reported yet. */
  phase: string | undefined;
  conditions: PodCondition[];
  containerStatuses: ContainerStatus[];
  initContainerStatuses: ContainerStatus[];
}

export interface Pod {
  metadata: ObjectMeta;
  spec: PodSpec;
  status: PodStatus;
}

export function parseObjectMeta(value: unknown): ObjectMeta {
  const meta = recordOf(value);
  return {
    name: stringOf(meta.name) ?? '',
    namespace: stringOf(meta.namespace) ?? '',
    uid: stringOf(meta.uid),
    labels: stringMapOf(meta.labels),
    annotations: stringMapOf(meta.annotations),
    deletionTimestamp: stringOf(meta.deletionTimestamp),
    creationTimestamp: stringOf(meta.creationTimestamp),
    ownerReferences: recordsOf(meta.ownerReferences).map((owner) => ({
      apiVersion: stringOf(owner.apiVersion) ?? '',
      kind: stringOf(owner.kind) ?? '',
      name: stringOf(owner.name) ?? '',
      uid: stringOf(owner.uid) ?? '',
      controller: booleanOf(owner.controller) ?? false,
    })),
  };
}

function parseContainers(value: unknown): ContainerSpec[] {
  return recordsOf(value)
    .map((container) => ({ name: stringOf(container.name) ?? '' }))
    .filter((container) => container.name !== '');
}

function parseContainerStatus(status: JsonRecord): ContainerStatus {
  const state = recordOf(status.state);
  const stateName = (['running', 'waiting', 'terminated'] as const).find((name) => state[name] !== undefined);
  return {
    name: stringOf(status.name) ?? '',
    ready: booleanOf(status.ready) ?? false,
    restartCount: numberOf(status.restartCount) ?? 0,
    state: stateName,
  };
}

/** Parses a Pod from API JSON; returns undefined when the value has no `metadata.name`. */
export function parsePod(value: unknown): Pod | undefined {
  const pod = recordOf(value);
  const metadata = parseObjectMeta(pod.metadata);
  if (metadata.name === '') return undefined;
  const spec = recordOf(pod.spec);
  const status = recordOf(pod.status);
  return {
    metadata,
    spec: {
      containers: parseContainers(spec.containers),
      initContainers: parseContainers(spec.initContainers),
      ephemeralContainers: parseContainers(spec.ephemeralContainers),
      nodeName: stringOf(spec.nodeName) || undefined,
    },
    status: {
      phase: stringOf(status.phase),
      conditions: recordsOf(status.conditions).map((condition) => ({
        type: stringOf(condition.type) ?? '',
        status: stringOf(condition.status) ?? 'Unknown',
        lastTransitionTime: stringOf(condition.lastTransitionTime),
      })),
      containerStatuses: recordsOf(status.containerStatuses).map(parseContainerStatus),
      initContainerStatuses: recordsOf(status.initContainerStatuses).map(parseContainerStatus),
    },
  };
}

/** Parses the `items` of a PodList, skipping entries that are not pods. */
export function parsePodList(value: unknown): Pod[] {
  const pods: Pod[] = [];
  for (const item of recordsOf(recordOf(value).items)) {
    const pod = parsePod(item);
    if (pod) pods.push(pod);
  }
  return pods;
}

/** Names of every container exec accepts: regular, init and ephemeral, in that order. */
export function containerNames(pod: Pod): string[] {
  return [...pod.spec.containers, ...pod.spec.initContainers, ...pod.spec.ephemeralContainers].map((c) => c.name);
}

/** True when the pod's `Ready` condition is `True`. */
export function isPodReady(pod: Pod): boolean {
  return pod.status.conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}
