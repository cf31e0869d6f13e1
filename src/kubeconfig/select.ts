/** Picks the context to use from merged kubeconfigs and finds the cluster and user it names. */
import path from 'node:path';
import { KubeconfigError } from '../core/errors.js';
import type { ClusterEntry, ContextEntry, UserEntry } from './document.js';
import { invalidField, type FieldLocation } from './fields.js';
import type { MergedKubeconfig } from './merge.js';

export interface SelectedContext {
  context: ContextEntry;
  cluster: ClusterEntry;
  /** Undefined when the context names no user, which means anonymous requests. */
  user: UserEntry | undefined;
  namespace: string;
}

/** A namespace name is a DNS-1123 label, which also keeps it safe inside a URL path. */
const NAMESPACE_NAME = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

function listNames(names: Iterable<string>): string {
  const list = [...names];
  return list.length === 0 ? '(none)' : list.join(', ');
}

/** Selects `requested`, else the merged current-context, and validates what that context names. */
export function selectContext(merged: MergedKubeconfig, requested: string | undefined): SelectedContext {
  const files = merged.files.join(path.delimiter);
  const known = listNames(merged.contexts.keys());

  let context: ContextEntry | undefined;
  if (requested !== undefined) {
    context = merged.contexts.get(requested);
    if (!context) {
      throw new KubeconfigError(`Context ${JSON.stringify(requested)} was not found in kubeconfig ${files}. Known contexts: ${known}.`, {
        file: files,
        path: 'contexts',
      });
    }
  } else {
    const current = merged.currentContext;
    if (current === undefined) {
      throw new KubeconfigError(
        `No context selected: current-context is not set in kubeconfig ${files}. ` +
          `Pass a context (--context) or run "kubectl config use-context NAME". Known contexts: ${known}.`,
        { file: files, path: 'current-context' },
      );
    }
    context = merged.contexts.get(current.name);
    if (!context) {
      invalidField(
        { file: current.file, path: 'current-context' },
        `names context ${JSON.stringify(current.name)}, which is not defined`,
        `Known contexts: ${known}.`,
      );
    }
  }

  const location = (field: string): FieldLocation => ({ file: context.file, path: `contexts[${context.index}].context.${field}` });
  if (context.cluster === undefined) invalidField(location('cluster'), 'is missing');
  const cluster = merged.clusters.get(context.cluster);
  if (!cluster) {
    invalidField(
      location('cluster'),
      `names cluster ${JSON.stringify(context.cluster)}, which is not defined (context ${JSON.stringify(context.name)})`,
      `Known clusters: ${listNames(merged.clusters.keys())}.`,
    );
  }

  let user: UserEntry | undefined;
  if (context.user !== undefined) {
    user = merged.users.get(context.user);
    if (!user) {
      invalidField(
        location('user'),
        `names user ${JSON.stringify(context.user)}, which is not defined (context ${JSON.stringify(context.name)})`,
        `Known users: ${listNames(merged.users.keys())}.`,
      );
    }
  }

  const namespace = context.namespace ?? 'default';
  if (!NAMESPACE_NAME.test(namespace)) {
    invalidField(
      location('namespace'),
      `${JSON.stringify(namespace)} is not a valid namespace name`,
      'Use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit.',
    );
  }
  return { context, cluster, user, namespace };
}
