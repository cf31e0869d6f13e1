/** A command running under a pseudo-terminal (an exec with `tty: true`), through node-pty. */
import { Readable, Writable } from 'node:stream';
import { debuglog } from 'node:util';

import type { IPty } from 'node-pty';

import { emptyOutput } from './output.js';
import type { ProcessOutcome, RuntimeProcess } from './types.js';

const debug = debuglog('podexec');

export type NodePtyModule = typeof import('node-pty');

/** Terminal size used when the request gives none, as kubectl does before its first resize. */
const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

/**
 * Output buffered before the terminal is paused. node-pty 1.1 drops what is still unread 200 ms
 * after the process exits, so a paused terminal can lose the tail of the output. A generous buffer
 * makes that rare and still bounds memory.
 */
const OUTPUT_HIGH_WATER_MARK = 1024 * 1024;

const CTRL_D = 0x04;

export interface TerminalSpawnOptions {
  environment: Record<string, string>;
  cwd: string;
  columns: number | undefined;
  rows: number | undefined;
  onSpawn(pid: number): void;
  onExit(pid: number): void;
}

/** Loads node-pty, which is an optional dependency; returns the reason when it cannot be loaded. */
export async function loadNodePty(): Promise<NodePtyModule | string> {
  try {
    return await import('node-pty');
  } catch (error) {
    return `node-pty could not be loaded (${(error as Error).message}); install it to run commands with a TTY`;
  }
}

/**
 * Spawns `file` under a new pseudo-terminal. The process leads its own session, so its pid is also
 * the id of the process group to kill. stdout carries everything the terminal writes; stderr ends
 * at once because a terminal merges both.
 */
export function spawnInTerminal(
  nodePty: NodePtyModule,
  file: string,
  args: readonly string[],
  options: TerminalSpawnOptions,
): RuntimeProcess {
  // node-pty adds PWD to the environment; every shell would set it anyway.
  const terminal: IPty = nodePty.spawn(file, [...args], {
    name: options.environment['TERM'] ?? 'xterm',
    cols: options.columns ?? DEFAULT_COLUMNS,
    rows: options.rows ?? DEFAULT_ROWS,
    cwd: options.cwd,
    env: options.environment,
    encoding: null,
  });
  const pid = terminal.pid;
  options.onSpawn(pid);

  let detached = false;
  const stdout = new Readable({
    highWaterMark: OUTPUT_HIGH_WATER_MARK,
    read() {
      terminal.resume();
    },
    destroy(error, callback) {
      // The client went away: keep reading, so the process does not block on a full terminal.
      detached = true;
      terminal.resume();
      callback(error);
    },
  });
  terminal.onData((data: string | Buffer) => {
    if (detached) {
      return;
    }
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (!stdout.push(chunk)) {
      terminal.pause();
    }
  });

  const state = { exited: false };
  const stdin = terminalInput(terminal, state);

  const outcome = new Promise<ProcessOutcome>((resolve) => {
    terminal.onExit(({ exitCode, signal }) => {
      state.exited = true;
      options.onExit(pid);
      if (!detached) {
        stdout.push(null);
      }
      const result: ProcessOutcome = {
        kind: 'exited',
        exitCode: signal !== undefined && signal > 0 ? 128 + signal : exitCode,
      };
      if (detached || stdout.readableEnded) {
        resolve(result);
      } else {
        stdout.once('end', () => resolve(result));
        stdout.once('close', () => resolve(result));
      }
    });
  });

  return {
    pid,
    stdin,
    stdout,
    stderr: emptyOutput(),
    resize(columns: number, rows: number) {
      try {
        terminal.resize(columns, rows);
      } catch (error) {
        // The terminal is already closed when the process has exited.
        debug('runtime: resize of pid %d failed: %s', pid, (error as Error).message);
      }
    },
    outcome,
  };
}

/**
 * Writes stdin to the terminal. Ending stdin types Ctrl-D, the terminal's end-of-file: twice when
 * the last line is unfinished, because the first Ctrl-D only hands that partial line to the reader.
 */
function terminalInput(terminal: IPty, state: { exited: boolean }): Writable {
  let lastByte: number | undefined;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (chunk.length > 0) {
        lastByte = chunk[chunk.length - 1];
        writeToTerminal(terminal, state, chunk);
      }
      callback();
    },
    final(callback) {
      const lineFinished = lastByte === undefined || lastByte === 0x0a || lastByte === 0x0d;
      writeToTerminal(terminal, state, Buffer.from(lineFinished ? [CTRL_D] : [CTRL_D, CTRL_D]));
      callback();
    },
  });
}

/**
 * Writes input unless the process has exited; such input has no reader and is dropped, as on a
 * closed pipe. NOTE: a write queued just before the exit can still fail inside node-pty, which
 * then prints "Unhandled pty write error" to stderr itself.
 */
function writeToTerminal(terminal: IPty, state: { exited: boolean }, data: Buffer): void {
  if (state.exited) {
    return;
  }
  try {
    terminal.write(data);
  } catch (error) {
    debug('runtime: write to terminal of pid %d failed: %s', terminal.pid, (error as Error).message);
  }
}
