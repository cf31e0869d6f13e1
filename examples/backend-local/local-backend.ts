/**
 * An example third-party backend: it runs every command as a child process on this machine, as if
 * each pod were the local host. It shows the whole Backend contract in one file and is useful for
 * trying podexec code without a cluster. Packages outside this repository import `backend` and
 * the types from 'podexec' instead of the relative paths used here.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { backend } from '../../src/backends/registry.js';
import type { Backend, BackendOptions, ExecRequest, ExecSession, SessionExit } from '../../src/backends/types.js';
import { CommandStartError, InvalidOptionError, StreamLostError } from '../../src/core/errors.js';

/** The container name sessions report, because a local process has no container. */
export const LOCAL_CONTAINER = 'local';

@backend('local')
export class LocalBackend implements Backend {
  readonly name = 'local';
  private readonly namespace: string;

  constructor(options: BackendOptions) {
    if (options.namespace !== undefined && typeof options.namespace !== 'string') {
      throw new InvalidOptionError('namespace', 'a string', options.namespace);
    }
    this.namespace = options.namespace ?? 'default';
  }

  async defaultNamespace(): Promise<string> {
    return this.namespace;
  }

  /** Starts the command; resolves once the process runs, rejects with CommandStartError when it cannot start. */
  exec(request: ExecRequest): Promise<ExecSession> {
    if (request.tty) {
      return Promise.reject(new InvalidOptionError('tty', 'false', true, 'The local example backend has no terminal support.'));
    }
    const context = { pod: request.pod, namespace: request.namespace, container: LOCAL_CONTAINER, command: request.argv.join(' ') };
    const [file, ...args] = request.argv;
    if (file === undefined) return Promise.reject(new InvalidOptionError('argv', 'a non-empty array', request.argv));

    return new Promise((resolve, reject) => {
      const child = spawn(file, args, { stdio: [request.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });

      child.once('error', (error: NodeJS.ErrnoException) => {
        // The same error a kubelet reports for a missing executable, so callers handle one class.
        const notFound = error.code === 'ENOENT';
        reject(new CommandStartError(notFound, { httpStatus: 500, reason: 'InternalError', serverMessage: error.message }, { ...context, cause: error }));
      });

      child.once('spawn', () => {
        let closedByCaller = false;
        const exit = new Promise<SessionExit>((resolveExit, rejectExit) => {
          child.once('close', (code, signal) => {
            if (closedByCaller) {
              rejectExit(request.signal.aborted ? request.signal.reason : new StreamLostError('the session was closed', context));
            } else if (code !== null) {
              resolveExit({ exitCode: code });
            } else {
              // A kubelet reports a process killed by signal N as exit code 128 + N.
              resolveExit({ exitCode: 128 + (signal ? constants.signals[signal] : 0) });
            }
          });
        });
        exit.catch(() => undefined);

        const close = (): void => {
          if (closedByCaller || child.exitCode !== null || child.signalCode !== null) return;
          closedByCaller = true;
          child.kill('SIGKILL');
        };
        request.signal.addEventListener('abort', close, { once: true });
        if (request.signal.aborted) close();

        // A command may exit without reading its stdin, and its exit code still reports the outcome.
        child.stdin?.on('error', () => undefined);
        const { stdout, stderr } = child;
        if (!stdout || !stderr) throw new Error('spawn with piped stdio returned no output pipes');
        resolve({
          container: LOCAL_CONTAINER,
          diagnostics: [],
          stdout,
          stderr,
          stdin: child.stdin ?? undefined,
          exit,
          resize: () => undefined,
          close,
        });
      });
    });
  }

  async close(): Promise<void> {
    // Sessions own their processes; nothing is shared.
  }
}
