/**
 * The shapes of the objects the sandbox serves. They follow the Kubernetes JSON field names so the
 * server can return them as they are; only the fields the sandbox fills are typed.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string | undefined;
  uid: string;
  resourceVersion: string;
  generation?: number | undefined;
  creationTimestamp: string;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  ownerReferences?: OwnerReference[] | undefined;
}

export interface EnvVar {
  name: string;
  value?: string | undefined;
  /** Only `fieldRef` to a pod field is supported; the server resolves it when the pod starts. */
  valueFrom?: { fieldRef: { fieldPath: string } } | undefined;
}

export interface Container {
  name: string;
  image: string;
  command?: string[] | undefined;
  args?: string[] | undefined;
  env?: EnvVar[] | undefined;
  workingDir?: string | undefined;
  [field: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[] | undefined;
  nodeName?: string | undefined;
  restartPolicy?: string | undefined;
  [field: string]: unknown;
}

export interface PodObject {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
  status: Record<string, unknown> & { phase: string };
}

export interface PodTemplate {
  metadata: { labels?: Record<string, string> | undefined; annotations?: Record<string, string> | undefined };
  spec: PodSpec;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | undefined;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | undefined }> | undefined;
}

/** Namespace, Deployment, ReplicaSet, StatefulSet or Job: served as stored, never run. */
export interface GenericObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown> | undefined;
  status?: Record<string, unknown> | undefined;
}

export type StoredObject = PodObject | GenericObject;

/** Where a resource is served: API group version, plural name and kind. */
export interface ResourceType {
  /** `v1` for the core group, else `group/version`. */
  groupVersion: string;
  group: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { groupVersion: 'v1', group: '', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
  { groupVersion: 'v1', group: '', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'] },
  { groupVersion: 'apps/v1', group: 'apps', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'] },
  { groupVersion: 'apps/v1', group: 'apps', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'] },
  { groupVersion: 'apps/v1', group: 'apps', plural: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'] },
  { groupVersion: 'batch/v1', group: 'batch', plural: 'jobs', singular: 'job', kind: 'Job', namespaced: true, shortNames: [] },
];

export function resourceTypeOfKind(kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => type.kind === kind);
}
