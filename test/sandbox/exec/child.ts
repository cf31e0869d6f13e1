/** Runs a client program as a child process without blocking the event loop the sandbox needs. */
import { spawn } from 'node:child_process';

export interface ChildResult {
  exitCode: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** Runs `file` with `args`, writes `input` to its stdin (then closes it) and collects its output. */
export function runChild(file: string, args: string[], env: NodeJS.ProcessEnv, input?: Buffer): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (exitCode) => {
      resolve({ exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
    });
    child.stdin.on('error', () => {
      // The client may exit before reading all of its input; its exit code is what the test checks.
    });
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}
