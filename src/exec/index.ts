export { Exec } from './exec.js';
export type { ExecOptions } from './exec.js';
export { runEndChannel, runStartChannel } from './observe.js';
export type { RunEndMessage, RunStartMessage } from './observe.js';
export { REMOTE_STOP_TIMEOUT_MS } from './remote-stop.js';
export { COMMAND_FIELDS, DEFAULT_MAX_BUFFER, DEFAULT_RETRIES, normalizeCommand } from '../core/command.js';
export type { CommandInput, CommandOptions, NormalizedCommand } from '../core/command.js';
export type { ExecResult, RunHandle } from '../core/result.js';
