/** Builds kubectl argument vectors. Every value travels as its own argv element; no shell is involved. */
import type { ExecRequest } from '../types.js';

/** Connection flags shared by every kubectl call of one backend instance. */
export interface ConnectionFlags {
  kubeconfig: string | undefined;
  context: string | undefined;
}

export function connectionArgs(flags: ConnectionFlags): string[] {
  const args: string[] = [];
  if (flags.kubeconfig !== undefined) args.push(`--kubeconfig=${flags.kubeconfig}`);
  if (flags.context !== undefined) args.push(`--context=${flags.context}`);
  return args;
}

/**
 * Arguments for `kubectl exec`. `container` is passed explicitly whenever it is known, so kubectl
 * never prints its own default-container note into the command's stderr. `--` ends kubectl's flags,
 * so a command starting with `-` reaches the container unchanged.
 */
export function execArgs(flags: ConnectionFlags, request: ExecRequest, container: string | undefined): string[] {
  const args = [...connectionArgs(flags), 'exec', `--namespace=${request.namespace}`, request.pod];
  if (container !== undefined) args.push(`--container=${container}`);
  if (request.stdin || request.tty) args.push('--stdin');
  if (request.tty) args.push('--tty');
  args.push('--', ...request.argv);
  return args;
}

/** Arguments that print the pod as JSON, for choosing the default container. */
export function getPodArgs(flags: ConnectionFlags, namespace: string, pod: string): string[] {
  return [...connectionArgs(flags), 'get', 'pod', `--namespace=${namespace}`, pod, '--output=json'];
}

/** Arguments that print the namespace of the selected context; empty output means none is set. */
export function contextNamespaceArgs(flags: ConnectionFlags): string[] {
  return [...connectionArgs(flags), 'config', 'view', '--minify', '--output=jsonpath={.contexts[0].context.namespace}'];
}

/**
 * Arguments that print the client version. The connection flags matter: a kubectl that dispatches
 * to a bundled binary per server version reports the version it would use for that server.
 */
export function clientVersionArgs(flags: ConnectionFlags): string[] {
  return [...connectionArgs(flags), 'version', '--client', '--output=json'];
}
