/**
 * Typed reads of fields from a parsed YAML document. Each reader throws ManifestError naming the
 * document and the field path, so a bad manifest reports exactly where it is wrong.
 */
import { ManifestError } from '../errors.js';

/** One YAML document and where it came from. */
export interface ManifestDocument {
  source: string;
  index: number;
  value: unknown;
}

export type Fields = Record<string, unknown>;

/** Reads fields below `path` inside `doc`, reporting errors with full paths. */
export class FieldReader {
  constructor(
    readonly doc: ManifestDocument,
    readonly path: string,
    readonly value: Fields,
  ) {}

  static root(doc: ManifestDocument): FieldReader {
    if (!isRecord(doc.value)) throw new ManifestError(doc.source, doc.index, '', 'expected a mapping with apiVersion and kind');
    return new FieldReader(doc, '', doc.value);
  }

  fieldPath(field: string): string {
    return this.path ? `${this.path}.${field}` : field;
  }

  /** Returns the error for `field` below this reader; an empty `field` means this reader's own path. */
  error(field: string, problem: string): ManifestError {
    return new ManifestError(this.doc.source, this.doc.index, field === '' ? this.path : this.fieldPath(field), problem);
  }

  fail(field: string, problem: string): never {
    throw this.error(field, problem);
  }

  optionalString(field: string): string | undefined {
    const value = this.value[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(field, `expected a string, found ${typeName(value)}`);
    return value;
  }

  string(field: string): string {
    const value = this.optionalString(field);
    if (value === undefined || value === '') this.fail(field, 'required field is missing');
    return value;
  }

  optionalInteger(field: string, min: number): number | undefined {
    const value = this.value[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.fail(field, `expected an integer of at least ${min}, found ${JSON.stringify(value)}`);
    }
    return value;
  }

  optionalObject(field: string): FieldReader | undefined {
    const value = this.value[field];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) this.fail(field, `expected a mapping, found ${typeName(value)}`);
    return new FieldReader(this.doc, this.fieldPath(field), value);
  }

  object(field: string): FieldReader {
    const reader = this.optionalObject(field);
    if (!reader) this.fail(field, 'required field is missing');
    return reader;
  }

  /** Items of a list of mappings; an absent list is empty. */
  objectList(field: string): FieldReader[] {
    const value = this.value[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, `expected a list, found ${typeName(value)}`);
    return value.map((item, i) => {
      const path = `${this.fieldPath(field)}[${i}]`;
      if (!isRecord(item)) throw new ManifestError(this.doc.source, this.doc.index, path, `expected a mapping, found ${typeName(item)}`);
      return new FieldReader(this.doc, path, item);
    });
  }

  optionalStringList(field: string): string[] | undefined {
    const value = this.value[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.fail(field, 'expected a list of strings');
    }
    return value as string[];
  }

  /** Reads a string-to-string map such as labels. Numbers and booleans are rejected, as in Kubernetes. */
  stringMap(field: string): Record<string, string> | undefined {
    const reader: FieldReader | undefined = this.optionalObject(field);
    if (!reader) return undefined;
    const result: Record<string, string> = {};
    for (const [key, value] of Object.entries(reader.value)) {
      if (typeof value !== 'string') throw reader.error(key, `expected a string value, found ${typeName(value)}; quote it in YAML`);
      result[key] = value;
    }
    return result;
  }
}

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks an object name: a DNS subdomain (pods, workloads) or label (namespaces, containers). */
export function checkName(reader: FieldReader, field: string, name: string, kind: 'label' | 'subdomain'): void {
  const pattern = kind === 'label' ? DNS_LABEL : DNS_SUBDOMAIN;
  const max = kind === 'label' ? 63 : 253;
  if (name.length > max || !pattern.test(name)) {
    reader.fail(
      field,
      `invalid name "${name}": use at most ${max} lowercase letters, digits and '-'` +
        (kind === 'subdomain' ? " or '.'" : '') +
        ', starting and ending with a letter or digit',
    );
  }
}
