/**
 * Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` requests with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Columns follow the API server's for
 * each kind, so kubectl output looks as it does against a cluster.
 */
import type { PodObject, StoredObject } from '../objects.js';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell(object: StoredObject, now: number): string | number;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: (object) => object.metadata.name,
};

const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  format: '',
  description: 'Time since the object was created.',
  priority: 0,
  cell: (object, now) => formatAge(now - Date.parse(object.metadata.creationTimestamp)),
};

function column(name: string, type: string, description: string, cell: Column['cell'], priority = 0): Column {
  return { name, type, format: '', description, priority, cell };
}

function numberAt(object: StoredObject, section: 'spec' | 'status', field: string): number {
  const value = (object[section] as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'number' ? value : 0;
}

const COLUMNS: Record<string, Column[]> = {
  pods: [
    nameColumn,
    column('Ready', 'string', 'Ready containers out of all containers.', (object) => podReady(object as PodObject)),
    column('Status', 'string', 'The aggregate state of the containers.', (object) => podStatusText(object as PodObject)),
    column('Restarts', 'string', 'Container restarts.', () => '0'),
    ageColumn,
    column('IP', 'string', 'IP address of the pod.', (object) => String((object as PodObject).status.podIP ?? '<none>'), 1),
    column('Node', 'string', 'Node the pod is scheduled on.', (object) => (object as PodObject).spec.nodeName ?? '<none>', 1),
  ],
  namespaces: [nameColumn, column('Status', 'string', 'The phase of the namespace.', () => 'Active'), ageColumn],
  deployments: [
    nameColumn,
    column('Ready', 'string', 'Ready replicas out of desired.', (o) => `${numberAt(o, 'status', 'readyReplicas')}/${numberAt(o, 'spec', 'replicas')}`),
    column('Up-to-date', 'integer', 'Replicas updated to the desired state.', (o) => numberAt(o, 'status', 'updatedReplicas')),
    column('Available', 'integer', 'Replicas available to users.', (o) => numberAt(o, 'status', 'availableReplicas')),
    ageColumn,
  ],
  replicasets: [
    nameColumn,
    column('Desired', 'integer', 'Desired replicas.', (o) => numberAt(o, 'spec', 'replicas')),
    column('Current', 'integer', 'Current replicas.', (o) => numberAt(o, 'status', 'replicas')),
    column('Ready', 'integer', 'Ready replicas.', (o) => numberAt(o, 'status', 'readyReplicas')),
    ageColumn,
  ],
  statefulsets: [
    nameColumn,
    column('Ready', 'string', 'Ready replicas out of desired.', (o) => `${numberAt(o, 'status', 'readyReplicas')}/${numberAt(o, 'spec', 'replicas')}`),
    ageColumn,
  ],
  jobs: [
    nameColumn,
    column('Status', 'string', 'Status of the job.', (o) => (numberAt(o, 'status', 'succeeded') >= numberAt(o, 'spec', 'completions') ? 'Complete' : 'Running')),
    column('Completions', 'string', 'Succeeded pods out of desired completions.', (o) => `${numberAt(o, 'status', 'succeeded')}/${numberAt(o, 'spec', 'completions')}`),
    ageColumn,
  ],
};

/** Builds the Table for `objects` of resource `plural`. */
export function buildTable(
  plural: string,
  objects: readonly StoredObject[],
  include: IncludeObject,
  resourceVersion: string,
): Record<string, unknown> {
  const columns = COLUMNS[plural] ?? [nameColumn, ageColumn];
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map(({ name, type, format, description, priority }) => ({ name, type, format, description, priority })),
    rows: objects.map((object) => {
      const row: Record<string, unknown> = { cells: columns.map((col) => col.cell(object, now)) };
      if (include === 'Object') row.object = object;
      if (include === 'Metadata') {
        row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
      }
      return row;
    }),
  };
}

function podReady(pod: PodObject): string {
  const statuses = (pod.status.containerStatuses ?? []) as Array<{ ready?: boolean }>;
  const ready = statuses.filter((status) => status.ready === true).length;
  return `${ready}/${pod.spec.containers.length}`;
}

/** The STATUS column: `Completed` and `Error` for finished pods, as kubectl shows them. */
function podStatusText(pod: PodObject): string {
  if (pod.status.phase === 'Succeeded') return 'Completed';
  if (pod.status.phase === 'Failed') return 'Error';
  return pod.status.phase;
}

/** Formats an age like kubectl: `45s`, `12m`, `3h`, `5d`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
