/** In-memory store of every object the sandbox serves, with the runtime handle of each pod. */
import type { PodHandle } from './runtime/types.js';
import type { GenericObject, PodObject, StoredObject } from './objects.js';

export interface PodRecord {
  object: PodObject;
  /** Runtime handle while the pod's processes run; undefined for pods that are not Running. */
  handle: PodHandle | undefined;
}

export class ObjectStore {
  readonly #pods = new Map<string, PodRecord>();
  /** Keyed by plural resource name, then `namespace/name` (`/name` for cluster-scoped objects). */
  readonly #objects = new Map<string, Map<string, GenericObject>>();
  #resourceVersion = 1000;

  /** Returns the next resourceVersion, as the API server's opaque string. */
  nextResourceVersion(): string {
    this.#resourceVersion += 1;
    return String(this.#resourceVersion);
  }

  /** The current resourceVersion, reported on lists. */
  get resourceVersion(): string {
    return String(this.#resourceVersion);
  }

  addPod(record: PodRecord): void {
    this.#pods.set(key(record.object.metadata.namespace, record.object.metadata.name), record);
  }

  getPod(namespace: string, name: string): PodRecord | undefined {
    return this.#pods.get(key(namespace, name));
  }

  removePod(namespace: string, name: string): PodRecord | undefined {
    const k = key(namespace, name);
    const record = this.#pods.get(k);
    this.#pods.delete(k);
    return record;
  }

  pods(): PodRecord[] {
    return [...this.#pods.values()];
  }

  add(plural: string, object: GenericObject): void {
    let objects = this.#objects.get(plural);
    if (!objects) {
      objects = new Map();
      this.#objects.set(plural, objects);
    }
    objects.set(key(object.metadata.namespace, object.metadata.name), object);
  }

  has(plural: string, namespace: string | undefined, name: string): boolean {
    if (plural === 'pods') return namespace !== undefined && this.#pods.has(key(namespace, name));
    return this.#objects.get(plural)?.has(key(namespace, name)) ?? false;
  }

  get(plural: string, namespace: string | undefined, name: string): StoredObject | undefined {
    if (plural === 'pods') return namespace === undefined ? undefined : this.getPod(namespace, name)?.object;
    return this.#objects.get(plural)?.get(key(namespace, name));
  }

  /** Objects of one resource, in one namespace or all of them, sorted by namespace then name. */
  list(plural: string, namespace: string | undefined): StoredObject[] {
    const all: StoredObject[] =
      plural === 'pods' ? this.pods().map((record) => record.object) : [...(this.#objects.get(plural)?.values() ?? [])];
    const selected = namespace === undefined ? all : all.filter((object) => object.metadata.namespace === namespace);
    return selected.sort(compareObjects);
  }
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function compareObjects(a: StoredObject, b: StoredObject): number {
  const byNamespace = (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '');
  return byNamespace !== 0 ? byNamespace : a.metadata.name.localeCompare(b.metadata.name);
}
