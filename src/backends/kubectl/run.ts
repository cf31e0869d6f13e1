/** Runs short kubectl commands (version, config view, get pod) and collects their output. */
import { execFile } from 'node:child_process';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Cap for collected output; a pod's JSON or a config view is far smaller. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/** Runs `binary args` without a shell. Resolves with its exit code; rejects only when it cannot start. */
export function runKubectl(binary: string, args: readonly string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { env, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8', signal, windowsHide: true },
      (error, stdout, stderr) => {
        if (error && typeof error.code === 'number') {
          resolve({ exitCode: error.code, stdout, stderr });
        } else if (error) {
          reject(error);
        } else {
          resolve({ exitCode: 0, stdout, stderr });
        }
      },
    );
  });
}

/** Returns the last non-empty line of kubectl's stderr, where kubectl prints its error. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.at(-1) ?? '';
}
