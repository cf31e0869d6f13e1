/**
 * The environment of an exec, built the way a kubelet and container runtime build a container's:
 * nothing is inherited from the sandbox process, so its tokens and settings never reach a pod.
 */
import { userInfo } from 'node:os';

import type { RuntimeContainerSpec, RuntimePodSpec } from './types.js';

/** PATH that container runtimes set when the image defines none. */
export const DEFAULT_CONTAINER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** TERM that container runtimes set for a TTY exec when the container defines none. */
export const DEFAULT_TTY_TERM = 'xterm';

/**
 * Builds the environment for one exec. Order of precedence, lowest first: PATH, HOSTNAME (the pod
 * name), the pod-wide variables, then the manifest's `env` in order, so the manifest wins on a
 * conflict. `home` (the home of the user the exec runs as) and, under a TTY, TERM are added only when
 * nothing above set them.
 */
export function buildExecEnvironment(
  pod: RuntimePodSpec,
  container: RuntimeContainerSpec,
  tty: boolean,
  home: string,
): Record<string, string> {
  const environment = new Map<string, string>();
  environment.set('PATH', DEFAULT_CONTAINER_PATH);
  environment.set('HOSTNAME', pod.name);
  for (const variable of pod.podEnv) {
    environment.set(variable.name, variable.value);
  }
  for (const variable of container.env) {
    environment.set(variable.name, variable.value);
  }
  if (!environment.has('HOME')) {
    environment.set('HOME', home);
  }
  if (tty && !environment.has('TERM')) {
    environment.set('TERM', DEFAULT_TTY_TERM);
  }
  return Object.fromEntries(environment);
}

/** HOME of the user plain pods run as: /root for root, as in a container without USER. */
export function plainHomeDirectory(): string {
  const user = userInfo();
  return user.uid === 0 ? '/root' : user.homedir;
}
