/**
 * Turns manifest documents into the objects the sandbox serves. Everything is validated before
 * anything is returned, so a bad document leaves the sandbox unchanged.
 */
import type { GenericObject, PodObject } from '../objects.js';
import { FieldReader } from './fields.js';
import type { ManifestDocument } from './fields.js';
import { newObjectMeta, readMeta } from './metadata.js';
import { buildPod, POD_PHASES } from './pod.js';
import type { PodPhase } from './pod.js';
import { readPodSpec } from './pod-spec.js';
import { convertDeployment, convertJob, convertStatefulSet } from './workloads.js';

/** Server-side values the conversion draws from the sandbox. */
export interface ConvertContext {
  nextResourceVersion(): string;
  nextPodIP(): string;
}

/** Objects made from one document, with the document for error messages. */
export interface ConvertedDocument {
  origin: ManifestDocument;
  objects: Array<{ plural: string; object: GenericObject }>;
  pods: PodObject[];
}

const KINDS: Record<string, string> = {
  Namespace: 'v1',
  Pod: 'v1',
  List: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  Job: 'batch/v1',
};

export function convertDocuments(documents: readonly ManifestDocument[], context: ConvertContext): ConvertedDocument[] {
  const converted: ConvertedDocument[] = [];
  for (const document of documents) {
    for (const item of expandLists(document)) converted.push(convertDocument(item, context));
  }
  return converted;
}

/** A `kind: List` document stands for its items, which keep the list's document index. */
function expandLists(document: ManifestDocument): ManifestDocument[] {
  const root = FieldReader.root(document);
  if (root.value.kind !== 'List') return [document];
  return root.objectList('items').map((item) => ({ ...document, value: item.value }));
}

function convertDocument(document: ManifestDocument, context: ConvertContext): ConvertedDocument {
  const root = FieldReader.root(document);
  const kind = root.string('kind');
  const apiVersion = root.string('apiVersion');
  const expectedVersion = KINDS[kind];
  if (expectedVersion === undefined || kind === 'List') {
    root.fail('kind', `unsupported kind "${kind}"; the sandbox serves Namespace, Pod, Deployment, StatefulSet, Job and List`);
  }
  if (apiVersion !== expectedVersion) root.fail('apiVersion', `${kind} needs apiVersion ${expectedVersion}, found "${apiVersion}"`);

  const result: ConvertedDocument = { origin: document, objects: [], pods: [] };
  switch (kind) {
    case 'Namespace': {
      const meta = readMeta(root, false);
      const object: GenericObject = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: newObjectMeta(meta, context.nextResourceVersion()),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      };
      object.metadata.labels = { 'kubernetes.io/metadata.name': meta.name, ...meta.labels };
      result.objects.push({ plural: 'namespaces', object });
      break;
    }
    case 'Pod':
      result.pods.push(convertPod(root, context));
      break;
    case 'Deployment':
      convertDeployment(root, context, result);
      break;
    case 'StatefulSet':
      convertStatefulSet(root, context, result);
      break;
    case 'Job':
      convertJob(root, context, result);
      break;
  }
  return result;
}

function convertPod(root: FieldReader, context: ConvertContext): PodObject {
  const meta = readMeta(root, true);
  const spec = readPodSpec(root.object('spec'));
  const phaseText = root.optionalObject('status')?.optionalString('phase');
  if (phaseText !== undefined && !(POD_PHASES as readonly string[]).includes(phaseText)) {
    root.fail('status.phase', `unknown phase "${phaseText}"; use one of ${POD_PHASES.join(', ')}`);
  }
  return buildPod({
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    labels: meta.labels,
    annotations: meta.annotations,
    ownerReferences: undefined,
    spec,
    phase: phaseText as PodPhase | undefined,
    resourceVersion: context.nextResourceVersion(),
    podIP: context.nextPodIP(),
  });
}
