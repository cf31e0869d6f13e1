/** Builds the Pod object the API serves, with the status a kubelet would report. */
import { randomUUID } from 'node:crypto';
import type { ObjectMeta, OwnerReference, PodObject, PodSpec } from '../objects.js';

/** Annotation that declares a pod the scheduler has not placed: no node, phase Pending. */
export const UNSCHEDULED_ANNOTATION = 'sandbox.podexec.io/unscheduled';
/** Annotation listing commands missing from the pod's containers, separated by commas or spaces. */
export const MISSING_TOOLS_ANNOTATION = 'sandbox.podexec.io/missing-tools';
/** The node name of every scheduled sandbox pod. */
export const SANDBOX_NODE = 'sandbox';

export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
export type PodPhase = (typeof POD_PHASES)[number];

export interface PodInput {
  name: string;
  namespace: string;
  labels: Record<string, string> | undefined;
  annotations: Record<string, string> | undefined;
  ownerReferences: OwnerReference[] | undefined;
  spec: PodSpec;
  /** `status.phase` from a Pod manifest; undefined means Running (or Pending when unscheduled). */
  phase: PodPhase | undefined;
  resourceVersion: string;
  podIP: string;
}

export function isUnscheduled(annotations: Record<string, string> | undefined): boolean {
  return annotations?.[UNSCHEDULED_ANNOTATION] === 'true';
}

export function buildPod(input: PodInput): PodObject {
  const now = timestamp(new Date());
  const unscheduled = isUnscheduled(input.annotations);
  const phase: PodPhase = unscheduled ? 'Pending' : (input.phase ?? 'Running');

  const metadata: ObjectMeta = {
    name: input.name,
    namespace: input.namespace,
    uid: randomUUID(),
    resourceVersion: input.resourceVersion,
    creationTimestamp: now,
  };
  if (input.labels) metadata.labels = input.labels;
  if (input.annotations) metadata.annotations = input.annotations;
  if (input.ownerReferences) metadata.ownerReferences = input.ownerReferences;

  const spec: PodSpec = {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    schedulerName: 'default-scheduler',
    ...input.spec,
  };
  if (unscheduled) delete spec.nodeName;
  else spec.nodeName = SANDBOX_NODE;

  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: buildStatus(spec, phase, unscheduled, input.podIP, now) };
}

function buildStatus(spec: PodSpec, phase: PodPhase, unscheduled: boolean, podIP: string, now: string): PodObject['status'] {
  if (unscheduled) {
    return {
      phase,
      qosClass: 'BestEffort',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: 'Unschedulable',
          message: '0/1 nodes are available: the pod is marked unscheduled by the sandbox.podexec.io/unscheduled annotation.',
        },
      ],
    };
  }

  const running = phase === 'Running';
  const containerStatuses = spec.containers.map((container) => ({
    name: container.name,
    image: container.image,
    imageID: `sandbox://${container.image}`,
    containerID: phase === 'Pending' ? undefined : `sandbox://${randomUUID().replaceAll('-', '')}`,
    ready: running,
    started: running,
    restartCount: 0,
    state: containerState(phase, now),
  }));
  const initContainerStatuses = (spec.initContainers ?? []).map((container) => ({
    name: container.name,
    image: container.image,
    imageID: `sandbox://${container.image}`,
    containerID: `sandbox://${randomUUID().replaceAll('-', '')}`,
    ready: true,
    restartCount: 0,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } },
  }));

  const ready = running ? 'True' : 'False';
  const status: PodObject['status'] = {
    phase,
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'Ready', status: ready, lastProbeTime: null, lastTransitionTime: now, ...(running ? {} : { reason: notReadyReason(phase) }) },
      { type: 'ContainersReady', status: ready, lastProbeTime: null, lastTransitionTime: now },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    ],
    hostIP: '127.0.0.1',
    hostIPs: [{ ip: '127.0.0.1' }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    containerStatuses,
    qosClass: 'BestEffort',
  };
  if (initContainerStatuses.length > 0) status.initContainerStatuses = initContainerStatuses;
  return status;
}

function notReadyReason(phase: PodPhase): string {
  return phase === 'Succeeded' || phase === 'Failed' ? 'PodCompleted' : 'ContainersNotReady';
}

function containerState(phase: PodPhase, now: string): Record<string, unknown> {
  switch (phase) {
    case 'Running':
      return { running: { startedAt: now } };
    case 'Succeeded':
      return { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } };
    case 'Failed':
      return { terminated: { exitCode: 1, reason: 'Error', startedAt: now, finishedAt: now } };
    default:
      return { waiting: { reason: 'ContainerCreating' } };
  }
}

/** RFC 3339 in UTC without fractional seconds, as Kubernetes writes timestamps. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
