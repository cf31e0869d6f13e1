/** A command running under a pseudo-terminal (an exec with `tty: true`), through node-pty. */
import { writeSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { debuglog } from 'node:util';

import type { IPty } from 'node-pty';

import { emptyOutput } from './output.js';
import type { ProcessOutcome, RuntimeProcess } from './types.js';

const debug = debuglog('podexec');

export type NodePtyModule = typeof import('node-pty');

/** Terminal size used when the request gives none: the classic 80 columns by 24 rows. */
const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

/** Output buffered before the terminal is paused; bounds memory for a slow client. */
const OUTPUT_HIGH_WATER_MARK = 1024 * 1024;

/**
 * Maximum wait for the rest of the terminal's output after the process exited. node-pty 1.1 closes
 * the terminal 200 ms after the exit even when output is unread, which lost the tail under load.
 * The close is therefore held back until the output ends (EIO) or this much time has passed.
 */
const DRAIN_AFTER_EXIT_MS = 5000;

const CTRL_D = 0x04;
/** Delay before retrying input that a full terminal rejected with EAGAIN. */
const RETRY_MS = 5;

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
  keepOutputAfterExit(terminal);

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

  let state: TerminalState;
  try {
    state = terminalState(terminal);
  } catch (error) {
    terminal.kill('SIGKILL');
    throw error;
  }
  const stdin = terminalInput(terminal, state);

  const outcome = new Promise<ProcessOutcome>((resolve) => {
    terminal.onExit(({ exitCode, signal }) => {
      state.closed = true;
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
 * Reads the descriptor of node-pty's terminal and follows its closing. Neither is in node-pty's
 * typings, but UnixTerminal 1.1 exposes `fd` and emits 'close' when it closes that descriptor.
 */
/** Defers node-pty's close of the terminal after the exit until its output was read to the end. */
function keepOutputAfterExit(terminal: IPty): void {
  // `_socket` is node-pty 1.1's internal stream of the terminal's master side.
  const socket = (terminal as unknown as { _socket?: unknown })._socket;
  if (!(socket instanceof Readable)) {
    debug('runtime: node-pty terminal has no readable _socket; output after exit may be cut');
    return;
  }
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (error?: Error): Readable => {
    if (error !== undefined || socket.destroyed) return destroy(error);
    const timer = setTimeout(() => destroy(), DRAIN_AFTER_EXIT_MS);
    socket.once('close', () => clearTimeout(timer));
    return socket;
  };
}

function terminalState(terminal: IPty): TerminalState {
  const unix = terminal as unknown as { fd?: unknown; once?: (event: string, listener: () => void) => void };
  if (typeof unix.fd !== 'number' || typeof unix.once !== 'function') {
    throw new Error('node-pty terminal exposes no file descriptor; node-pty 1.1 on Linux or macOS is required');
  }
  const state: TerminalState = { closed: false, fd: unix.fd };
  unix.once.call(terminal, 'close', () => {
    state.closed = true;
  });
  return state;
}

/**
 * Writes stdin to the terminal. Ending stdin types Ctrl-D, the terminal's end-of-file: twice when
 * the last line is unfinished, because the first Ctrl-D only hands that partial line to the reader.
 * Input is written with synchronous writes on the event loop thread, where node-pty also closes the
 * terminal, so a write can never reach a closed descriptor or one the OS reused for another file.
 * (node-pty 1.1 writes from the thread pool, which races with that close.) A full terminal returns
 * EAGAIN; the write is retried shortly, and the callback waits for it, which gives backpressure.
 */
function terminalInput(terminal: IPty, state: TerminalState): Writable {
  let lastByte: number | undefined;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (chunk.length > 0) {
        lastByte = chunk[chunk.length - 1];
      }
      writeToTerminal(terminal, state, chunk, callback);
    },
    final(callback) {
      const lineFinished = lastByte === undefined || lastByte === 0x0a || lastByte === 0x0d;
      writeToTerminal(terminal, state, Buffer.from(lineFinished ? [CTRL_D] : [CTRL_D, CTRL_D]), callback);
    },
  });
}

/** Terminal state shared by its input and output; `closed` is set when node-pty closes the descriptor. */
interface TerminalState {
  closed: boolean;
  fd: number;
}

/** Writes all of `data`, or drops the rest once the terminal is closed (input without a reader). */
function writeToTerminal(terminal: IPty, state: TerminalState, data: Buffer, done: () => void): void {
  let offset = 0;
  const attempt = (): void => {
    while (offset < data.length) {
      if (state.closed) {
        done();
        return;
      }
      try {
        offset += writeSync(state.fd, data, offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          setTimeout(attempt, RETRY_MS);
          return;
        }
        // EIO: the process and every other holder of the terminal have gone away.
        debug('runtime: write to terminal of pid %d failed: %s', terminal.pid, (error as Error).message);
        done();
        return;
      }
    }
    done();
  };
  attempt();
}
