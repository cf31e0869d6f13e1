/**
 * Deployments, StatefulSets and Jobs: the workload object plus the pods (and, for a Deployment,
 * the ReplicaSet) its controller would have created, with the names, labels and owner references
 * a cluster gives them.
 */
import { randomUUID } from 'node:crypto';
import type { GenericObject, LabelSelector, PodObject, PodSpec } from '../objects.js';
import { labelSelectorMatcher, SelectorError } from '../api/selectors.js';
import type { ConvertContext, ConvertedDocument } from './convert.js';
import type { FieldReader } from './fields.js';
import { controllerReference, newObjectMeta, randomSuffix, readMeta, templateHash } from './metadata.js';
import type { ManifestMeta } from './metadata.js';
import { buildPod, isUnscheduled, timestamp } from './pod.js';
import { readPodSpec } from './pod-spec.js';

interface Template {
  labels: Record<string, string>;
  annotations: Record<string, string> | undefined;
  spec: PodSpec;
}

function readTemplate(spec: FieldReader): Template {
  const template = spec.object('template');
  const metadata = template.optionalObject('metadata');
  return {
    labels: metadata?.stringMap('labels') ?? {},
    annotations: metadata?.stringMap('annotations'),
    spec: readPodSpec(template.object('spec')),
  };
}

function readSelector(spec: FieldReader, template: Template): LabelSelector {
  const reader = spec.object('selector');
  const selector = reader.value as LabelSelector;
  let matches;
  try {
    matches = labelSelectorMatcher(selector);
  } catch (error) {
    if (error instanceof SelectorError) reader.fail('', error.message);
    throw error;
  }
  if (!matches(template.labels)) spec.fail('selector', '`selector` does not match template `labels`');
  return selector;
}

function templateObject(template: Template, labels: Record<string, string>): Record<string, unknown> {
  const metadata: Record<string, unknown> = { labels };
  if (template.annotations) metadata.annotations = template.annotations;
  return { metadata, spec: template.spec };
}

function newPods(count: number, name: (i: number) => string, labels: (i: number) => Record<string, string>, owner: GenericObject, template: Template, context: ConvertContext): PodObject[] {
  return Array.from({ length: count }, (_, i) =>
    buildPod({
      name: name(i),
      namespace: owner.metadata.namespace ?? 'default',
      labels: labels(i),
      annotations: template.annotations,
      ownerReferences: [controllerReference(owner)],
      spec: structuredClone(template.spec),
      phase: undefined,
      resourceVersion: context.nextResourceVersion(),
      podIP: context.nextPodIP(),
    }),
  );
}

function readyCount(count: number, template: Template): number {
  return isUnscheduled(template.annotations) ? 0 : count;
}

function workloadObject(apiVersion: string, kind: string, meta: ManifestMeta, context: ConvertContext, spec: Record<string, unknown>, status: Record<string, unknown>): GenericObject {
  const metadata = newObjectMeta(meta, context.nextResourceVersion());
  metadata.generation = 1;
  return { apiVersion, kind, metadata, spec, status: { observedGeneration: 1, ...status } };
}

export function convertDeployment(root: FieldReader, context: ConvertContext, result: ConvertedDocument): void {
  const meta = readMeta(root, true);
  const spec = root.object('spec');
  const replicas = spec.optionalInteger('replicas', 0) ?? 1;
  const template = readTemplate(spec);
  const selector = readSelector(spec, template);
  const hash = templateHash(templateObject(template, template.labels));
  const ready = readyCount(replicas, template);
  const now = timestamp(new Date());

  const deployment = workloadObject('apps/v1', 'Deployment', meta, context, {
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    ...spec.value,
    replicas,
    selector,
    template: templateObject(template, template.labels),
  }, {
    replicas,
    updatedReplicas: replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    conditions: [
      { type: 'Available', status: ready === replicas ? 'True' : 'False', reason: 'MinimumReplicasAvailable', lastUpdateTime: now, lastTransitionTime: now },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: now, lastTransitionTime: now },
    ],
  });
  deployment.metadata.annotations = { 'deployment.kubernetes.io/revision': '1', ...meta.annotations };

  const podLabels = { ...template.labels, 'pod-template-hash': hash };
  const replicaSetName = `${meta.name}-${hash}`;
  const replicaSet = workloadObject('apps/v1', 'ReplicaSet', { ...meta, name: replicaSetName, labels: podLabels, annotations: undefined }, context, {
    replicas,
    selector: { ...selector, matchLabels: { ...selector.matchLabels, 'pod-template-hash': hash } },
    template: templateObject(template, podLabels),
  }, { replicas, fullyLabeledReplicas: replicas, readyReplicas: ready, availableReplicas: ready });
  replicaSet.metadata.annotations = {
    'deployment.kubernetes.io/desired-replicas': String(replicas),
    'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
    'deployment.kubernetes.io/revision': '1',
  };
  replicaSet.metadata.ownerReferences = [controllerReference(deployment)];

  result.objects.push({ plural: 'deployments', object: deployment }, { plural: 'replicasets', object: replicaSet });
  result.pods.push(...newPods(replicas, () => `${replicaSetName}-${randomSuffix()}`, () => ({ ...podLabels }), replicaSet, template, context));
}

export function convertStatefulSet(root: FieldReader, context: ConvertContext, result: ConvertedDocument): void {
  const meta = readMeta(root, true);
  const spec = root.object('spec');
  const replicas = spec.optionalInteger('replicas', 0) ?? 1;
  const template = readTemplate(spec);
  const selector = readSelector(spec, template);
  const revision = `${meta.name}-${templateHash(templateObject(template, template.labels))}`;
  const ready = readyCount(replicas, template);

  const statefulSet = workloadObject('apps/v1', 'StatefulSet', meta, context, {
    podManagementPolicy: 'OrderedReady',
    revisionHistoryLimit: 10,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    ...spec.value,
    replicas,
    selector,
    template: templateObject(template, template.labels),
  }, {
    replicas,
    readyReplicas: ready,
    currentReplicas: replicas,
    updatedReplicas: replicas,
    availableReplicas: ready,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  });

  const serviceName = spec.optionalString('serviceName');
  const pods = newPods(
    replicas,
    (i) => `${meta.name}-${i}`,
    (i) => ({
      ...template.labels,
      'apps.kubernetes.io/pod-index': String(i),
      'controller-revision-hash': revision,
      'statefulset.kubernetes.io/pod-name': `${meta.name}-${i}`,
    }),
    statefulSet,
    template,
    context,
  );
  for (const pod of pods) {
    pod.spec.hostname = pod.metadata.name;
    if (serviceName) pod.spec.subdomain = serviceName;
  }
  result.objects.push({ plural: 'statefulsets', object: statefulSet });
  result.pods.push(...pods);
}

export function convertJob(root: FieldReader, context: ConvertContext, result: ConvertedDocument): void {
  const meta = readMeta(root, true);
  const spec = root.object('spec');
  const parallelism = spec.optionalInteger('parallelism', 0) ?? 1;
  const completions = spec.optionalInteger('completions', 0) ?? 1;
  const template = readTemplate(spec);
  const restartPolicy = template.spec.restartPolicy;
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    spec.fail('template.spec.restartPolicy', `a Job needs restartPolicy Never or OnFailure, found ${JSON.stringify(restartPolicy ?? null)}`);
  }

  const uid = randomUUID();
  const manualSelector = spec.value.manualSelector === true;
  const jobLabels: Record<string, string> = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': meta.name,
    'controller-uid': uid,
    'job-name': meta.name,
  };
  const podLabels = { ...template.labels, ...jobLabels };
  const selector = manualSelector ? readSelector(spec, template) : { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const active = Math.min(parallelism, completions);

  const job = workloadObject('batch/v1', 'Job', { ...meta, labels: meta.labels ?? { ...jobLabels } }, context, {
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    ...spec.value,
    parallelism,
    completions,
    selector,
    template: templateObject(template, podLabels),
  }, { active, ready: readyCount(active, template), startTime: timestamp(new Date()), terminating: 0, uncountedTerminatedPods: {} });
  job.metadata.uid = uid;

  result.objects.push({ plural: 'jobs', object: job });
  result.pods.push(...newPods(active, () => `${meta.name}-${randomSuffix()}`, () => ({ ...podLabels }), job, template, context));
}
