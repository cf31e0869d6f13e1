/**
 * Typed readers for values parsed from kubeconfig YAML. Each reader takes the entry path used in
 * error messages (`clusters[0].cluster.server`) and throws KubeconfigError naming file and path.
 */
import { KubeconfigError } from '../core/errors.js';

/** Location of a value: the kubeconfig file and the path of the entry inside it. */
export interface FieldLocation {
  file: string;
  path: string;
}

export type YamlMap = Record<string, unknown>;

/** Throws KubeconfigError for `location` with a message that starts with the file and path. */
export function invalidField(location: FieldLocation, problem: string, hint?: string): never {
  throw new KubeconfigError(
    `Invalid kubeconfig ${location.file}: ${location.path} ${problem}.` + (hint ? ` ${hint}` : ''),
    { file: location.file, path: location.path },
  );
}

/** Appends a key or index to a location's path. */
export function child(location: FieldLocation, key: string | number): FieldLocation {
  if (typeof key === 'number') return { file: location.file, path: `${location.path}[${key}]` };
  if (location.path === '') return { file: location.file, path: key };
  return { file: location.file, path: `${location.path}.${key}` };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an optional mapping; null and absent both mean "not set". */
export function readMap(parent: YamlMap, key: string, location: FieldLocation): YamlMap | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isMap(value)) invalidField(child(location, key), `must be a mapping, not ${typeName(value)}`);
  return value;
}

/** Reads an optional list; null and absent both give an empty list. */
export function readList(parent: YamlMap, key: string, location: FieldLocation): unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) invalidField(child(location, key), `must be a list, not ${typeName(value)}`);
  return value;
}

/**
 * Reads an optional string. An empty string counts as unset, as in kubectl, where empty and
 * absent fields are the same Go zero value. Numbers are rejected rather than converted.
 */
export function readString(parent: YamlMap, key: string, location: FieldLocation): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalidField(child(location, key), `must be a string, not ${typeName(value)}`);
  return value === '' ? undefined : value;
}

/** Reads an optional boolean; only YAML `true`/`false` are accepted, never `"yes"` or `1`. */
export function readBoolean(parent: YamlMap, key: string, location: FieldLocation): boolean | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') invalidField(child(location, key), `must be true or false, not ${typeName(value)}`);
  return value;
}

/** Reads an optional list of strings. */
export function readStringList(parent: YamlMap, key: string, location: FieldLocation): string[] {
  const items = readList(parent, key, location);
  return items.map((item, index) => {
    if (typeof item !== 'string') invalidField(child(child(location, key), index), `must be a string, not ${typeName(item)}`);
    return item;
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads an optional standard, padded base64 field (the `-data` fields). Line breaks are allowed,
 * as Go's decoder skips them; anything else that is not base64 is an error, because Node's
 * decoder would silently drop it.
 */
export function readBase64(parent: YamlMap, key: string, location: FieldLocation): Buffer | undefined {
  const text = readString(parent, key, location);
  if (text === undefined) return undefined;
  const compact = text.replace(/[\r\n]/g, '');
  if (!BASE64.test(compact)) invalidField(child(location, key), 'is not valid base64');
  return Buffer.from(compact, 'base64');
}
