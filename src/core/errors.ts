/**
 * Every error podexec throws. Each class has a stable `code` that callers match on; messages may
 * be reworded between releases, codes may not. docs/errors.md lists every code.
 */
export * from './errors/base.js';
export * from './errors/setup.js';
export * from './errors/api.js';
export * from './errors/run.js';
