/** Shared helpers for the pod runtime tests: pod specs, running a command, reading /proc. */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

import type { ExecOptions, PodHandle, ProcessOutcome, RuntimePodSpec } from '../../../src/sandbox/runtime/index.js';

export function podSpec(overrides: Partial<RuntimePodSpec> = {}): RuntimePodSpec {
  const uid = randomUUID();
  return {
    uid,
    name: `pod-${uid.slice(0, 8)}`,
    namespace: 'default',
    containers: [{ name: 'main', env: [], workingDir: undefined }],
    missingTools: [],
    podEnv: [],
    ...overrides,
  };
}

export function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

export interface RunResult {
  stdout: Buffer;
  stderr: Buffer;
  outcome: ProcessOutcome;
}

/** Runs `argv` in the pod's first container, writes `stdin` (then ends it) and collects everything. */
export async function run(
  pod: PodHandle,
  argv: readonly string[],
  options: { stdin?: Buffer | string; exec?: Partial<ExecOptions>; container?: string } = {},
): Promise<RunResult> {
  const container = options.container ?? pod.spec.containers[0]?.name ?? 'main';
  const started = pod.exec(container, argv, { tty: false, ...options.exec });
  const stdout = collect(started.stdout);
  const stderr = collect(started.stderr);
  started.stdin.end(options.stdin ?? '');
  const [out, err, outcome] = await Promise.all([stdout, stderr, started.outcome]);
  return { stdout: out, stderr: err, outcome };
}

/** Host pids of every process whose command line contains `marker`. */
export function hostPidsWithArgument(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (commandLine.split('\0').includes(marker)) {
      pids.push(Number(entry));
    }
  }
  return pids;
}
