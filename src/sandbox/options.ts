/** Up-front validation of startSandbox() options, before any certificate or process is made. */
import { InvalidOptionError } from '../core/errors.js';
import type { SandboxOptions } from './index.js';

const RUNTIME_MODES = ['auto', 'namespaces', 'plain'];

export function validateSandboxOptions(options: SandboxOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', 'an object', options);
  }
  const { manifests, manifestText, demo, port, kubeconfigOut, runtimeMode, stateDir } = options;
  if (manifests !== undefined && (!Array.isArray(manifests) || manifests.some((path) => typeof path !== 'string' || path === ''))) {
    throw new InvalidOptionError('manifests', 'an array of file or folder paths', manifests);
  }
  if (manifestText !== undefined && typeof manifestText !== 'string') {
    throw new InvalidOptionError('manifestText', 'a string of YAML documents', manifestText);
  }
  if (demo !== undefined && typeof demo !== 'boolean') {
    throw new InvalidOptionError('demo', 'a boolean', demo);
  }
  if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new InvalidOptionError('port', 'an integer from 0 to 65535', port, 'Use 0 to pick a free port.');
  }
  if (kubeconfigOut !== undefined && (typeof kubeconfigOut !== 'string' || kubeconfigOut === '')) {
    throw new InvalidOptionError('kubeconfigOut', 'a file path', kubeconfigOut);
  }
  if (runtimeMode !== undefined && !RUNTIME_MODES.includes(runtimeMode)) {
    throw new InvalidOptionError('runtimeMode', `one of ${RUNTIME_MODES.join(', ')}`, runtimeMode);
  }
  if (stateDir !== undefined && (typeof stateDir !== 'string' || stateDir === '')) {
    throw new InvalidOptionError('stateDir', 'a folder path', stateDir);
  }
}
