/**
 * Finds the host programs that namespaced pods need: unshare, nsenter and setsid (util-linux), and
 * bash and mount for PID 1.
 */
import { accessSync, constants } from 'node:fs';
import { posix } from 'node:path';

import { DEFAULT_CONTAINER_PATH } from './environment.js';

export interface HostCommands {
  unshare: string;
  nsenter: string;
  /** Makes a TTY exec the session leader of its terminal, which job-control shells need. */
  setsid: string;
  bash: string;
  mount: string;
}

/** Resolves each command in the sandbox's PATH, then in the standard directories; lists what is missing. */
export function findHostCommands(): HostCommands | { missing: string[] } {
  const directories = [...(process.env['PATH'] ?? '').split(':'), ...DEFAULT_CONTAINER_PATH.split(':')].filter(
    (directory) => directory.startsWith('/'),
  );
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const name of ['unshare', 'nsenter', 'setsid', 'bash', 'mount']) {
    const path = directories.map((directory) => posix.join(directory, name)).find(isExecutable);
    if (path === undefined) {
      missing.push(name);
    } else {
      found.set(name, path);
    }
  }
  const unshare = found.get('unshare');
  const nsenter = found.get('nsenter');
  const setsid = found.get('setsid');
  const bash = found.get('bash');
  const mount = found.get('mount');
  if (unshare === undefined || nsenter === undefined || setsid === undefined || bash === undefined || mount === undefined) {
    return { missing };
  }
  return { unshare, nsenter, setsid, bash, mount };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
