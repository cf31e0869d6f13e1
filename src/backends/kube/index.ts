/**
 * Registers the `kube` backend, and `KubClient` as an alias for users of the Python dispatcher
 * whose backend of that name podexec replaces.
 */
import { registerBackend } from '../registry.js';
import { KubeBackend } from './backend.js';

registerBackend('kube', (options) => new KubeBackend(options, 'kube'));
registerBackend('KubClient', (options) => new KubeBackend(options, 'KubClient'));

export { KubeBackend } from './backend.js';
export type { KubeBackendOptions } from './options.js';
export { execUrl } from './upgrade.js';
