/** Helpers shared by the kube backend tests: running one command and collecting its output. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import '../../../src/backends/kube/index.js';
import { createBackend } from '../../../src/backends/registry.js';
import type { Backend, BackendOptions, ExecSession } from '../../../src/backends/types.js';

export interface RunOutput {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number | undefined;
  /** The rejection of `session.exit`, when it rejected. */
  error: unknown;
  session: ExecSession;
}

export interface RunOptions {
  namespace?: string;
  container?: string;
  stdin?: Buffer;
  tty?: boolean;
  signal?: AbortSignal;
}

export function createKubeBackend(options: BackendOptions): Backend {
  return createBackend('kube', options);
}

export function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Starts `argv` in `pod`, writes `stdin` when given, and waits for the exit and all output. */
export async function run(backend: Backend, pod: string, argv: string[], options: RunOptions = {}): Promise<RunOutput> {
  const session = await backend.exec({
    pod,
    namespace: options.namespace ?? 'default',
    container: options.container,
    argv,
    stdin: options.stdin !== undefined,
    tty: options.tty ?? false,
    signal: options.signal ?? new AbortController().signal,
  });
  const stdout = collect(session.stdout);
  const stderr = collect(session.stderr);
  if (options.stdin !== undefined && session.stdin) session.stdin.end(options.stdin);
  let exitCode: number | undefined;
  let error: unknown;
  try {
    exitCode = (await session.exit).exitCode;
  } catch (caught) {
    error = caught;
  }
  return { stdout: await stdout, stderr: await stderr, exitCode, error, session };
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
