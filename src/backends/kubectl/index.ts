/**
 * Registers the kubectl backend under two names: `kubectl` runs `kubectl` from PATH, and `oc`
 * runs `oc` from PATH, falling back to `kubectl`, whose `exec` takes the same flags.
 */
import { registerBackend } from '../registry.js';
import { KubectlBackend } from './backend.js';

export { KubectlBackend, type KubectlBackendOptions } from './backend.js';

registerBackend('kubectl', (options) => new KubectlBackend(options, 'kubectl', ['kubectl']));
registerBackend('oc', (options) => new KubectlBackend(options, 'oc', ['oc', 'kubectl']));
