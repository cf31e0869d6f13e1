/** Maps a request path to what the sandbox serves there. */
import { RESOURCE_TYPES } from '../objects.js';
import type { ResourceType } from '../objects.js';
import { coreVersionsDocument, groupDocument, groupListDocument, resourceListDocument, versionDocument } from './discovery.js';

export type Route =
  | { kind: 'document'; body: unknown }
  | { kind: 'health' }
  | { kind: 'resource'; type: ResourceType; namespace: string | undefined; name: string | undefined }
  | { kind: 'exec'; namespace: string; name: string };

/** Returns the route for `pathname`, or undefined when nothing is served there. */
export function matchRoute(pathname: string): Route | undefined {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  switch (path) {
    case '/version':
      return { kind: 'document', body: versionDocument() };
    case '/api':
      return { kind: 'document', body: coreVersionsDocument() };
    case '/apis':
      return { kind: 'document', body: groupListDocument() };
    case '/healthz':
    case '/readyz':
    case '/livez':
      return { kind: 'health' };
  }

  const segments = path.split('/').slice(1).map(decodeSegment);
  if (segments.some((segment) => segment === undefined || segment === '')) return undefined;
  const parts = segments as string[];

  let groupVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts[1] === 'v1') {
    groupVersion = 'v1';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length === 2) {
    const body = groupDocument(parts[1] as string);
    return body ? { kind: 'document', body } : undefined;
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    groupVersion = `${parts[1]}/${parts[2]}`;
    rest = parts.slice(3);
  } else {
    return undefined;
  }

  if (rest.length === 0) {
    const body = resourceListDocument(groupVersion);
    return body ? { kind: 'document', body } : undefined;
  }
  return matchResourcePath(groupVersion, rest);
}

/** Matches `PLURAL[/NAME]` and `namespaces/NS/PLURAL[/NAME[/exec]]` below a group version. */
function matchResourcePath(groupVersion: string, rest: string[]): Route | undefined {
  const find = (plural: string): ResourceType | undefined =>
    RESOURCE_TYPES.find((type) => type.groupVersion === groupVersion && type.plural === plural);

  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespace = rest[1] as string;
    const type = find(rest[2] as string);
    if (!type || !type.namespaced) return undefined;
    if (rest.length === 3) return { kind: 'resource', type, namespace, name: undefined };
    if (rest.length === 4) return { kind: 'resource', type, namespace, name: rest[3] };
    if (rest.length === 5 && type.plural === 'pods' && rest[4] === 'exec') {
      return { kind: 'exec', namespace, name: rest[3] as string };
    }
    return undefined;
  }

  const type = find(rest[0] as string);
  if (!type) return undefined;
  if (rest.length === 1) return { kind: 'resource', type, namespace: undefined, name: undefined };
  if (rest.length === 2 && !type.namespaced) return { kind: 'resource', type, namespace: undefined, name: rest[1] };
  return undefined;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
