/**
 * Discovery documents: `/version`, `/api`, `/apis` and the APIResourceList of each group version.
 * Only the legacy (unaggregated) form is served. kubectl 1.30+ asks for aggregated discovery in its
 * Accept header but also accepts these documents when the response is plain application/json.
 */
import { RESOURCE_TYPES } from '../objects.js';

/** The Kubernetes version the sandbox reports; kubectl dispatchers pick their client by it. */
export const SERVER_VERSION = { major: '1', minor: '31', gitVersion: 'v1.31.0' };

export function versionDocument(): Record<string, string> {
  return {
    major: SERVER_VERSION.major,
    minor: SERVER_VERSION.minor,
    gitVersion: SERVER_VERSION.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-08-13T07:28:49Z',
    goVersion: 'go1.22.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersionsDocument(): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
  };
}

const GROUPS = ['apps', 'batch'] as const;

export function groupListDocument(): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: GROUPS.map((name) => groupDocumentBody(name)),
  };
}

/** `/apis/GROUP`: the group with its one version. */
export function groupDocument(group: string): Record<string, unknown> | undefined {
  if (!(GROUPS as readonly string[]).includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocumentBody(group) };
}

function groupDocumentBody(group: string): Record<string, unknown> {
  const version = { groupVersion: `${group}/v1`, version: 'v1' };
  return { name: group, versions: [version], preferredVersion: version };
}

/** The APIResourceList for `v1`, `apps/v1` or `batch/v1`; undefined for any other. */
export function resourceListDocument(groupVersion: string): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((type) => type.groupVersion === groupVersion);
  if (types.length === 0) return undefined;
  const resources: Array<Record<string, unknown>> = [];
  for (const type of types) {
    const resource: Record<string, unknown> = {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: ['get', 'list'],
    };
    if (type.shortNames.length > 0) resource.shortNames = type.shortNames;
    // The category `kubectl get all` expands, with the same members as on a cluster.
    if (type.kind !== 'Namespace') resource.categories = ['all'];
    resources.push(resource);
    if (type.kind === 'Pod') {
      resources.push({ name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
