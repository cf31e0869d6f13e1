/** The map from backend names to factories, filled by `registerBackend` or the `backend` decorator. */
import { InvalidOptionError, UnknownBackendError } from '../core/errors.js';
import type { Backend, BackendFactory, BackendOptions } from './types.js';

const factories = new Map<string, BackendFactory>();

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Registers `factory` under `name`; a later registration of the same name replaces it. */
export function registerBackend(name: string, factory: BackendFactory): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new InvalidOptionError('name', 'a backend name of letters, digits, ".", "_" or "-"', name);
  }
  if (typeof factory !== 'function') {
    throw new InvalidOptionError('factory', 'a function (options) => Backend', factory);
  }
  factories.set(name, factory);
}

/** Class decorator form of `registerBackend`: the class is constructed with the backend options. */
export function backend(name: string) {
  return function register<T extends new (options: BackendOptions) => Backend>(target: T, _context: ClassDecoratorContext<T>): T {
    registerBackend(name, (options) => new target(options));
    return target;
  };
}

export function registeredBackends(): string[] {
  return [...factories.keys()].sort();
}

/** Creates the backend registered as `name`; throws UnknownBackendError listing the known names. */
export function createBackend(name: string, options: BackendOptions): Backend {
  const factory = factories.get(name);
  if (!factory) throw new UnknownBackendError(name, registeredBackends());
  return factory(options);
}
