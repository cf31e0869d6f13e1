/** GET of one object or a list, with selectors and the Table form kubectl asks for. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType, StoredObject } from '../objects.js';
import type { ObjectStore } from '../store.js';
import { badRequestStatus, methodNotAllowedStatus, objectNotFoundStatus, sendJson, sendStatus } from './respond.js';
import { SelectorError, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { buildTable } from './table.js';
import type { IncludeObject } from './table.js';

export interface ResourceRequest {
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  query: URLSearchParams;
}

export function handleResourceGet(req: IncomingMessage, res: ServerResponse, store: ObjectStore, request: ResourceRequest): void {
  const { type, namespace, name, query } = request;
  const watch = query.get('watch');
  if (watch !== null && watch !== '0' && watch.toLowerCase() !== 'false') {
    sendStatus(res, methodNotAllowedStatus('watch', type.plural));
    return;
  }
  const wantsTable = acceptsTable(req.headers.accept);
  const include = parseIncludeObject(query.get('includeObject'));

  if (name !== undefined) {
    const object = store.get(type.plural, namespace, name);
    if (!object) {
      sendStatus(res, objectNotFoundStatus(type.plural, name, type.group));
      return;
    }
    if (wantsTable) sendJson(res, 200, buildTable(type.plural, [object], include, store.resourceVersion));
    else sendJson(res, 200, object);
    return;
  }

  let objects: StoredObject[];
  try {
    objects = selectObjects(store.list(type.plural, namespace), type.plural, query);
  } catch (error) {
    if (!(error instanceof SelectorError)) throw error;
    sendStatus(res, badRequestStatus(error.message));
    return;
  }

  if (wantsTable) {
    sendJson(res, 200, buildTable(type.plural, objects, include, store.resourceVersion));
    return;
  }
  sendJson(res, 200, {
    kind: `${type.kind}List`,
    apiVersion: type.groupVersion,
    metadata: { resourceVersion: store.resourceVersion },
    items: objects.map(({ kind: _kind, apiVersion: _apiVersion, ...item }) => item),
  });
}

function selectObjects(objects: StoredObject[], plural: string, query: URLSearchParams): StoredObject[] {
  const labelText = query.get('labelSelector');
  const fieldText = query.get('fieldSelector');
  let selected = objects;
  if (labelText) {
    const matches = parseLabelSelector(labelText);
    selected = selected.filter((object) => matches(object.metadata.labels));
  }
  if (fieldText) {
    const matches = parseFieldSelector(fieldText, plural);
    selected = selected.filter(matches);
  }
  return selected;
}

/** True when the Accept header lists the meta.k8s.io/v1 Table form. */
function acceptsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((entry) => {
    const params = entry.split(';').map((part) => part.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io') && params.includes('v=v1');
  });
}

function parseIncludeObject(value: string | null): IncludeObject {
  if (value === 'None' || value === 'Object') return value;
  return 'Metadata';
}
