/** The `--output json` form of a result or an error: one JSON object with output as text or base64. */
import type { ExecResult } from '../core/result.js';
import { PodexecError } from '../core/errors.js';

export type OutputEncoding = 'utf8' | 'base64';

/** Returns output as text when it is valid UTF-8, else as base64. */
export function encodeOutput(bytes: Buffer): { text: string; encoding: OutputEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: bytes.toString('base64'), encoding: 'base64' };
  }
}

function outputFields(stdout: Buffer, stderr: Buffer): Record<string, string> {
  const encodedStdout = encodeOutput(stdout);
  const encodedStderr = encodeOutput(stderr);
  return {
    stdout: encodedStdout.text,
    stderr: encodedStderr.text,
    stdoutEncoding: encodedStdout.encoding,
    stderrEncoding: encodedStderr.encoding,
  };
}

/** Formats a result as one line of JSON. */
export function formatJsonResult(result: ExecResult): string {
  return `${JSON.stringify({
    pod: result.pod,
    namespace: result.namespace,
    container: result.container,
    command: result.command,
    exitCode: result.exitCode,
    durationMs: Math.round(result.durationMs),
    ...outputFields(result.stdout, result.stderr),
  })}\n`;
}

/** Formats an error as one line of JSON, with the output the command wrote before it failed. */
export function formatJsonError(error: unknown): string {
  if (!(error instanceof PodexecError)) {
    const message = error instanceof Error ? error.message : String(error);
    return `${JSON.stringify({ error: { code: 'PODEXEC_INTERNAL', message } })}\n`;
  }
  return `${JSON.stringify({
    error: { code: error.code, message: error.message },
    pod: error.pod,
    namespace: error.namespace,
    container: error.container,
    command: error.command,
    exitCode: null,
    durationMs: error.durationMs === undefined ? undefined : Math.round(error.durationMs),
    ...outputFields(error.stdout, error.stderr),
  })}\n`;
}
