/** Checks of Kubernetes object names, done before any request so a typo fails fast and clearly. */
import { InvalidOptionError } from './errors.js';

/** DNS-1123 label: pod namespaces and container names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: pod names. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const POD_NAME_EXPECTED = 'a pod name (lowercase letters, digits, "-" and ".", at most 253 characters)';
export const NAMESPACE_EXPECTED = 'a namespace name (lowercase letters, digits and "-", at most 63 characters)';
export const CONTAINER_EXPECTED = 'a container name (lowercase letters, digits and "-", at most 63 characters)';

export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS_LABEL.test(value);
}

export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** Throws InvalidOptionError unless `pod` is a valid pod name. */
export function validatePodName(pod: unknown): string {
  if (!isDnsSubdomain(pod)) throw new InvalidOptionError('pod', POD_NAME_EXPECTED, pod);
  return pod;
}

/** Throws InvalidOptionError unless `namespace` is undefined or a valid namespace name. */
export function validateNamespace(namespace: unknown, option = 'namespace'): string | undefined {
  if (namespace === undefined) return undefined;
  if (!isDnsLabel(namespace)) throw new InvalidOptionError(option, NAMESPACE_EXPECTED, namespace);
  return namespace;
}
