/**
 * Merges kubeconfig files with kubectl's rules. For each cluster, user and context name, the whole
 * entry of the first file that defines it is used, and later entries with that name add no fields.
 * The first file that sets `current-context` decides it.
 */
import type { ClusterEntry, ContextEntry, KubeconfigDocument, UserEntry } from './document.js';

export interface MergedKubeconfig {
  /** Files in priority order. */
  files: string[];
  currentContext: { name: string; file: string } | undefined;
  clusters: Map<string, ClusterEntry>;
  users: Map<string, UserEntry>;
  contexts: Map<string, ContextEntry>;
}

export function mergeKubeconfigs(documents: readonly KubeconfigDocument[]): MergedKubeconfig {
  const merged: MergedKubeconfig = {
    files: documents.map((document) => document.file),
    currentContext: undefined,
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
  };
  for (const document of documents) {
    if (merged.currentContext === undefined && document.currentContext !== undefined) {
      merged.currentContext = { name: document.currentContext, file: document.file };
    }
    addMissing(merged.clusters, document.clusters);
    addMissing(merged.users, document.users);
    addMissing(merged.contexts, document.contexts);
  }
  return merged;
}

function addMissing<T extends { name: string }>(target: Map<string, T>, entries: readonly T[]): void {
  for (const entry of entries) {
    if (!target.has(entry.name)) target.set(entry.name, entry);
  }
}

/** True when no file set anything, which lets in-cluster configuration apply. */
export function isEmptyKubeconfig(merged: MergedKubeconfig): boolean {
  return (
    merged.currentContext === undefined && merged.clusters.size === 0 && merged.users.size === 0 && merged.contexts.size === 0
  );
}
