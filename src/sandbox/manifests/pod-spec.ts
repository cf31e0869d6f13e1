/** Validation of a pod spec, from a Pod manifest or a workload's pod template. */
import type { Container, EnvVar, PodSpec } from '../objects.js';
import { checkName } from './fields.js';
import type { FieldReader } from './fields.js';

/** Pod fields an env var may read through `valueFrom.fieldRef`. */
export const SUPPORTED_FIELD_REFS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'status.podIP', 'status.hostIP'];

/** Returns the spec with containers checked; other fields are kept as written. */
export function readPodSpec(spec: FieldReader): PodSpec {
  const containers = spec.objectList('containers').map(readContainer);
  if (containers.length === 0) spec.fail('containers', 'a pod needs at least one container');
  const initContainers = spec.objectList('initContainers').map(readContainer);

  const names = new Set<string>();
  for (const [i, container] of [...initContainers, ...containers].entries()) {
    const field = i < initContainers.length ? `initContainers[${i}].name` : `containers[${i - initContainers.length}].name`;
    if (names.has(container.name)) spec.fail(field, `duplicate container name "${container.name}"`);
    names.add(container.name);
  }

  const result: PodSpec = { ...spec.value, containers };
  if (initContainers.length > 0) result.initContainers = initContainers;
  else delete result.initContainers;
  return result;
}

function readContainer(reader: FieldReader): Container {
  const name = reader.string('name');
  checkName(reader, 'name', name, 'label');
  const image = reader.string('image');
  const env = reader.objectList('env').map(readEnvVar);
  const workingDir = reader.optionalString('workingDir');
  if (workingDir !== undefined && !workingDir.startsWith('/')) reader.fail('workingDir', `expected an absolute path, found "${workingDir}"`);
  reader.optionalStringList('command');
  reader.optionalStringList('args');

  const container: Container = { ...reader.value, name, image };
  if (env.length > 0) container.env = env;
  return container;
}

function readEnvVar(reader: FieldReader): EnvVar {
  const name = reader.string('name');
  const value = reader.optionalString('value');
  const valueFrom: FieldReader | undefined = reader.optionalObject('valueFrom');
  if (valueFrom) {
    const fieldRef: FieldReader | undefined = valueFrom.optionalObject('fieldRef');
    if (!fieldRef) {
      throw valueFrom.error('', 'only valueFrom.fieldRef is supported by the sandbox; give the value inline with "value"');
    }
    const fieldPath = fieldRef.string('fieldPath');
    if (!SUPPORTED_FIELD_REFS.includes(fieldPath)) {
      fieldRef.fail('fieldPath', `unsupported field "${fieldPath}"; supported: ${SUPPORTED_FIELD_REFS.join(', ')}`);
    }
    return { name, valueFrom: { fieldRef: { fieldPath } } } as EnvVar;
  }
  return { name, value: value ?? '' };
}
