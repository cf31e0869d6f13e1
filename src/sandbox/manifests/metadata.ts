/** Object metadata shared by every kind: names, labels, owner references, random suffixes. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { GenericObject, ObjectMeta, OwnerReference } from '../objects.js';
import { checkName } from './fields.js';
import type { FieldReader } from './fields.js';
import { timestamp } from './pod.js';

/** Name, namespace, labels and annotations as written in a manifest. */
export interface ManifestMeta {
  name: string;
  namespace: string | undefined;
  labels: Record<string, string> | undefined;
  annotations: Record<string, string> | undefined;
}

export function readMeta(root: FieldReader, namespaced: boolean): ManifestMeta {
  const metadata = root.object('metadata');
  const name = metadata.string('name');
  checkName(metadata, 'name', name, namespaced ? 'subdomain' : 'label');
  let namespace: string | undefined;
  if (namespaced) {
    namespace = metadata.optionalString('namespace') || 'default';
    checkName(metadata, 'namespace', namespace, 'label');
  }
  return { name, namespace, labels: metadata.stringMap('labels'), annotations: metadata.stringMap('annotations') };
}

/** Fresh server-side metadata for a new object. */
export function newObjectMeta(meta: ManifestMeta, resourceVersion: string): ObjectMeta {
  const result: ObjectMeta = {
    name: meta.name,
    namespace: meta.namespace,
    uid: randomUUID(),
    resourceVersion,
    creationTimestamp: timestamp(new Date()),
  };
  if (meta.namespace === undefined) delete result.namespace;
  if (meta.labels) result.labels = meta.labels;
  if (meta.annotations) result.annotations = meta.annotations;
  return result;
}

/** The controller reference a child object carries to `owner`. */
export function controllerReference(owner: GenericObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Characters Kubernetes uses for generated name parts: no vowels, no look-alike digits. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix like the `-x7k2p` of `NAME-<hash>-x7k2p`. */
export function randomSuffix(length = 5): string {
  return [...randomBytes(length)].map((byte) => SAFE_ALPHABET[byte % SAFE_ALPHABET.length]).join('');
}

/** A stable 10-character hash of a pod template, for `pod-template-hash` and revision names. */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(template)).digest();
  return [...digest.subarray(0, 10)].map((byte) => SAFE_ALPHABET[byte % SAFE_ALPHABET.length]).join('');
}
