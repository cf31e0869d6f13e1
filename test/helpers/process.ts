/** Runs a child process to its end and collects its output, for tests of CLIs such as kubectl. */
import { execFile } from 'node:child_process';

export interface ProcessResult {
  /** Exit code, or -1 when the process was killed by a signal or could not start. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `file` with `args`; resolves with a non-zero exit code instead of rejecting. */
export function runProcess(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(file, [...args], { env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      let exitCode = 0;
      if (error) {
        exitCode = typeof error.code === 'number' ? error.code : -1;
      }
      resolve({ exitCode, stdout, stderr });
    });
  });
}
