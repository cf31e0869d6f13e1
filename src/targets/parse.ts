/** Parsing target strings such as `web-0`, `pod/web-0`, `deploy/web` or `job.batch/migrate`. */
import { InvalidOptionError } from '../core/errors.js';

/** A workload kind podexec can resolve to one of its pods. */
export interface WorkloadKind {
  /** Kind as the API names it, such as `Deployment`. */
  kind: string;
  /** Collection path below a namespace, such as `/apis/apps/v1/namespaces/{ns}/deployments`. */
  apiPrefix: string;
  resource: string;
}

export type ParsedTarget =
  | { type: 'pod'; name: string }
  | { type: 'workload'; workload: WorkloadKind; name: string };

const DEPLOYMENT: WorkloadKind = { kind: 'Deployment', apiPrefix: '/apis/apps/v1', resource: 'deployments' };
const STATEFUL_SET: WorkloadKind = { kind: 'StatefulSet', apiPrefix: '/apis/apps/v1', resource: 'statefulsets' };
const REPLICA_SET: WorkloadKind = { kind: 'ReplicaSet', apiPrefix: '/apis/apps/v1', resource: 'replicasets' };
const JOB: WorkloadKind = { kind: 'Job', apiPrefix: '/apis/batch/v1', resource: 'jobs' };

/** Kind names and the short names kubectl accepts for them, lower case. */
const KINDS = new Map<string, WorkloadKind | 'pod'>([
  ['po', 'pod'],
  ['pod', 'pod'],
  ['pods', 'pod'],
  ['deploy', DEPLOYMENT],
  ['deployment', DEPLOYMENT],
  ['deployments', DEPLOYMENT],
  ['sts', STATEFUL_SET],
  ['statefulset', STATEFUL_SET],
  ['statefulsets', STATEFUL_SET],
  ['rs', REPLICA_SET],
  ['replicaset', REPLICA_SET],
  ['replicasets', REPLICA_SET],
  ['job', JOB],
  ['jobs', JOB],
]);

/** The target kinds accepted, for help text and error messages. */
export const TARGET_KINDS: readonly string[] = ['pod', 'deploy', 'sts', 'rs', 'job'];

/** DNS-1123 subdomain: lower-case letters, digits, `-` and `.`, at most 253 characters. */
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Parses `target`; a bare name is a pod. Throws InvalidOptionError for unknown kinds or bad names. */
export function parseTarget(target: string): ParsedTarget {
  if (typeof target !== 'string' || target === '') {
    throw new InvalidOptionError('target', 'a pod name or KIND/NAME', target);
  }
  const slash = target.indexOf('/');
  const kindText = slash === -1 ? 'pod' : target.slice(0, slash);
  const name = slash === -1 ? target : target.slice(slash + 1);
  // `deployment.apps/web` and `job.batch/x` name the API group as well; only these groups exist here.
  const kindKey = kindText.toLowerCase().replace(/\.(apps|batch)$/, '');
  const kind = KINDS.get(kindKey);
  if (kind === undefined) {
    throw new InvalidOptionError(
      'target',
      `a pod name or KIND/NAME with KIND one of ${TARGET_KINDS.join(', ')}`,
      target,
      `Unknown kind "${kindText}".`,
    );
  }
  if (!NAME_PATTERN.test(name)) {
    throw new InvalidOptionError(
      'target',
      'a resource name of lower-case letters, digits, "-" and "." (at most 253 characters)',
      target,
    );
  }
  return kind === 'pod' ? { type: 'pod', name } : { type: 'workload', workload: kind, name };
}
