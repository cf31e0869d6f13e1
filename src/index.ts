/**
 * The public API of podexec: the `Exec` dispatcher, the command and result types, the backend
 * registry, and every error class. The sandbox is exported separately as `podexec/sandbox`.
 */
export { Exec } from './exec/index.js';
export type { ExecOptions, RunEndMessage, RunStartMessage } from './exec/index.js';
export { runEndChannel, runStartChannel } from './exec/index.js';
export { DEFAULT_MAX_BUFFER, DEFAULT_RETRIES } from './exec/index.js';
export type { CommandInput, CommandOptions } from './core/command.js';
export type { ExecResult, RunHandle } from './core/result.js';
export { backend, createBackend, registerBackend, registeredBackends } from './backends/registry.js';
export type { Backend, BackendFactory, BackendOptions, ExecRequest, ExecSession, SessionExit } from './backends/types.js';
export { loadConnection } from './kubeconfig/index.js';
export type { ClusterConnection, Credentials, LoadOptions } from './kubeconfig/types.js';
export * from './core/errors.js';
