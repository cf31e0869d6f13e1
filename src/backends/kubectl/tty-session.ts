/**
 * A `kubectl exec --tty` session. kubectl only allocates a remote TTY when its own stdin is a
 * terminal, so it runs inside a pseudo-terminal from the optional node-pty package. Everything
 * kubectl writes, including its own messages, arrives on that one terminal, so the message filter
 * works on stdout here and stderr stays empty.
 */
import { execFile } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { debuglog } from 'node:util';
import { BackendUnavailableError, StreamLostError, type ErrorContext, type PodexecError } from '../../core/errors.js';
import type { ExecSession, SessionExit } from '../types.js';
import { classifyKubectlError } from './classify.js';
import { KubectlMessageFilter } from './message-filter.js';

const log = debuglog('podexec');

/** End of transmission: a terminal in canonical mode reads it as end of input. */
const EOT = Buffer.from([0x04]);

export interface TtySessionOptions {
  backend: string;
  binary: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  container: string;
  diagnostics: string[];
  enrichError: (error: PodexecError) => Promise<PodexecError>;
  kubeconfig: string | undefined;
  context: ErrorContext;
  columns?: number | undefined;
  rows?: number | undefined;
}

export async function spawnTtySession(options: TtySessionOptions): Promise<ExecSession> {
  let pty: typeof import('node-pty');
  try {
    pty = await import('node-pty');
  } catch (error) {
    throw new BackendUnavailableError(
      options.backend,
      `The ${options.backend} backend needs the optional node-pty package to run a command with a TTY, and it could not be loaded. ` +
        'Install node-pty, or run the command without a TTY.',
      ['node-pty'],
      { ...options.context, cause: error },
    );
  }

  const terminal = pty.spawn(options.binary, [...options.args], {
    name: options.env.TERM ?? 'xterm',
    cols: options.columns ?? 80,
    rows: options.rows ?? 24,
    env: options.env,
    encoding: null,
  });
  log('kubectl backend: started pid %d under a pseudo-terminal', terminal.pid);

  const stdout = new KubectlMessageFilter(() => terminal.resume());
  terminal.onData((data) => {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : (data as Buffer);
    if (!stdout.accept(chunk)) terminal.pause();
  });

  let closedByCaller = false;
  let exited = false;
  const exit = new Promise<SessionExit>((resolve, reject) => {
    terminal.onExit(({ exitCode, signal }) => {
      exited = true;
      // node-pty may report the exit before the last output; let pending data events run first.
      setImmediate(() => {
        options.diagnostics.push(...stdout.notes);
        if (closedByCaller || signal) {
          stdout.abandon();
          if (options.signal.aborted) reject(options.signal.reason);
          else reject(new StreamLostError(closedByCaller ? 'the session was closed before the command ended' : `kubectl was ended by signal ${signal}`, options.context));
          return;
        }
        const outcome = stdout.finish(exitCode);
        if (outcome.kind === 'exited') resolve({ exitCode: outcome.exitCode });
        else void options.enrichError(classifyKubectlError(outcome.message, options.context, options.kubeconfig)).then(reject);
      });
    });
  });
  exit.catch(() => undefined);

  // kubectl switches its terminal to raw mode only once it runs; until then the local terminal
  // would echo stdin into stdout. Stdin waits until the terminal is raw.
  const terminalRaw = makeRaw(ptsNameOf(terminal), options.env).then((problem) => {
    if (problem !== undefined) options.diagnostics.push(problem);
  });
  const stdin = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      void terminalRaw.then(() => {
        if (!exited) terminal.write(chunk);
        callback();
      });
    },
    final(callback) {
      void terminalRaw.then(() => {
        if (!exited) terminal.write(EOT);
        callback();
      });
    },
  });

  const close = (): void => {
    if (closedByCaller || exited) return;
    closedByCaller = true;
    terminal.kill('SIGKILL');
  };
  if (options.signal.aborted) close();
  else options.signal.addEventListener('abort', close, { once: true });

  return {
    container: options.container,
    diagnostics: options.diagnostics,
    stdout,
    stderr: new PassThrough().end(),
    stdin,
    exit,
    resize: (columns, rows) => {
      if (!exited) terminal.resize(columns, rows);
    },
    close,
  };
}

/** The slave device path node-pty exposes on Unix but leaves out of its typings. */
function ptsNameOf(terminal: object): string | undefined {
  const name = (terminal as { ptsName?: unknown }).ptsName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** Sets the terminal to raw mode without echo; resolves with a diagnostic when that failed. */
function makeRaw(ptsName: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (ptsName === undefined) return Promise.resolve('The pseudo-terminal has no device name; stdin may be echoed into stdout.');
  return new Promise((resolve) => {
    execFile('stty', ['-F', ptsName, 'raw', '-echo'], { env }, (error) => {
      resolve(error ? `Could not set ${ptsName} to raw mode (${error.message}); stdin may be echoed into stdout.` : undefined);
    });
  });
}
