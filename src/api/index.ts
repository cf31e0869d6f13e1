export { createApiClient } from './client.js';
export type { ApiClient, ApiClientOptions, RequestOptions } from './client.js';
export { requestErrorFrom, retryAfterSecondsOf, statusDetailsOf } from './errors.js';
export type { ErrorResponse } from './errors.js';
export { containerNames, isPodReady, parseObjectMeta, parsePod, parsePodList } from './pod.js';
export type { ContainerSpec, ContainerStatus, ObjectMeta, OwnerReference, Pod, PodCondition, PodSpec, PodStatus } from './pod.js';
export { authHeaders, connectErrorFrom, sameCredentials, tlsOptions } from './transport.js';
export type { TlsOptions } from './transport.js';
