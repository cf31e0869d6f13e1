/**
 * Label and field selectors as the API server parses them from `labelSelector` and
 * `fieldSelector`. A parse failure throws SelectorError, which the server returns as 400.
 */
import type { LabelSelector, StoredObject } from '../objects.js';

export class SelectorError extends Error {}

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;
export type FieldMatcher = (object: StoredObject) => boolean;

type Requirement =
  | { op: 'exists' | 'notExists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

/** Parses `app=web,tier!=db,env in (a,b),!legacy` into a matcher over labels. */
export function parseLabelSelector(text: string): LabelMatcher {
  const requirements = splitTopLevel(text).map(parseRequirement);
  return (labels) => requirements.every((requirement) => matchRequirement(requirement, labels ?? {}));
}

/** Converts a workload's `spec.selector` into a matcher; an empty selector matches everything. */
export function labelSelectorMatcher(selector: LabelSelector): LabelMatcher {
  const requirements: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    op: 'in',
    key,
    values: [value],
  }));
  for (const expression of selector.matchExpressions ?? []) {
    const op = expression.operator;
    if (op === 'In') requirements.push({ op: 'in', key: expression.key, values: expression.values ?? [] });
    else if (op === 'NotIn') requirements.push({ op: 'notin', key: expression.key, values: expression.values ?? [] });
    else if (op === 'Exists') requirements.push({ op: 'exists', key: expression.key });
    else if (op === 'DoesNotExist') requirements.push({ op: 'notExists', key: expression.key });
    else throw new SelectorError(`unsupported matchExpressions operator "${op}"; use In, NotIn, Exists or DoesNotExist`);
  }
  return (labels) => requirements.every((requirement) => matchRequirement(requirement, labels ?? {}));
}

function matchRequirement(requirement: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  switch (requirement.op) {
    case 'exists':
      return has;
    case 'notExists':
      return !has;
    case 'in':
      return has && requirement.values.includes(labels[requirement.key] as string);
    case 'notin':
      return !has || !requirement.values.includes(labels[requirement.key] as string);
  }
}

/** Splits at commas that are not inside parentheses; empty text yields no parts. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  const trimmed = parts.map((part) => part.trim());
  if (trimmed.length === 1 && trimmed[0] === '') return [];
  return trimmed;
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|!=|=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);

function parseRequirement(text: string): Requirement {
  const equality = EQUALITY.exec(text);
  if (equality) {
    const key = equality[1] as string;
    const value = equality[4] ?? '';
    return { op: equality[3] === '!=' ? 'notin' : 'in', key, values: [value] };
  }
  const set = SET.exec(text);
  if (set) {
    const values = (set[4] as string).split(',').map((value) => value.trim());
    if (values.some((value) => !new RegExp(`^${VALUE}$`).test(value))) {
      throw new SelectorError(`invalid label selector requirement "${text}": invalid value in the set`);
    }
    return { op: set[3] === 'notin' ? 'notin' : 'in', key: set[1] as string, values };
  }
  const exists = EXISTS.exec(text);
  if (exists) return { op: exists[1] === '!' ? 'notExists' : 'exists', key: exists[2] as string };
  throw new SelectorError(
    `invalid label selector requirement "${text}": expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b)`,
  );
}

/** Fields each resource can be selected by, with how to read them from an object. */
const FIELD_READERS: Record<string, (object: StoredObject) => string> = {
  'metadata.name': (object) => object.metadata.name,
  'metadata.namespace': (object) => object.metadata.namespace ?? '',
  'status.phase': (object) => String((object.status as Record<string, unknown> | undefined)?.phase ?? ''),
  'spec.nodeName': (object) => String((object.spec as Record<string, unknown> | undefined)?.nodeName ?? ''),
};

/** Parses `metadata.name=web-0,status.phase!=Succeeded`. `podOnly` fields are refused on other kinds. */
export function parseFieldSelector(text: string, plural: string): FieldMatcher {
  const terms = splitTopLevel(text).map((term) => {
    const match = /^([A-Za-z.]+)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!match) throw new SelectorError(`invalid field selector "${term}": expected field=value or field!=value`);
    const field = match[1] as string;
    const read = FIELD_READERS[field];
    const podField = field === 'status.phase' || field === 'spec.nodeName';
    if (!read || (podField && plural !== 'pods')) throw new SelectorError(`field label not supported: ${field}`);
    return { read, negate: match[2] === '!=', value: match[3] as string };
  });
  return (object) => terms.every((term) => (term.read(object) === term.value) !== term.negate);
}
