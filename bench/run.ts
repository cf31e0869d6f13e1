/**
 * Benchmarks podexec against kubectl and @kubernetes/client-node on one sandbox, in one run, so
 * the ratios compare like with like. Prints a Markdown report; `--write` replaces the results
 * section of bench/RESULTS.md with it.
 *
 * Usage: node dist/bench/run.js [--write] [--runs N]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { Exec as ClientNodeExec, KubeConfig } from '@kubernetes/client-node';

import { Exec } from '../src/exec/index.js';
import { startSandbox } from '../src/sandbox/index.js';

const MANIFEST = `
apiVersion: v1
kind: Pod
metadata:
  name: bench
  namespace: default
spec:
  containers:
    - name: main
      image: sandbox
`;

const LARGE_BYTES = 50_000_000;
const STDIN_BYTES = 20_000_000;

interface Sample {
  label: string;
  tool: string;
  values: number[];
  unit: 'ms' | 'MB/s';
}

/** Returns the median of `values`. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function timeRuns(runs: number, body: () => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  await body(); // warm-up: TLS session, connection pools, kubectl discovery cache
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await body();
    durations.push(performance.now() - started);
  }
  return durations;
}

/** Creates a Writable that counts the bytes written to it and drops them. */
function countingSink(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.bytes += chunk.length;
      callback();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

function runKubectl(args: string[], env: NodeJS.ProcessEnv, stdin?: Buffer): Promise<{ exitCode: number; stdoutBytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { env, stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stderr = '';
    if (!child.stdout || !child.stderr) throw new Error('kubectl was spawned without output pipes');
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    if (stdin && child.stdin) child.stdin.end(stdin);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ exitCode: code, stdoutBytes });
    });
  });
}

function runClientNode(exec: ClientNodeExec, argv: string[], stdin?: Buffer): Promise<number> {
  const stdout = countingSink();
  const stderr = countingSink();
  const input = stdin ? Readable.from([stdin]) : null;
  return new Promise((resolve, reject) => {
    exec
      .exec('default', 'bench', 'main', argv, stdout, stderr, input, false, (status) => {
        if (status.status !== 'Success') reject(new Error(`client-node status ${JSON.stringify(status)}`));
        // The status arrives before the socket closes; the byte count is final at that point.
        else resolve(stdout.bytes);
      })
      .catch(reject);
  });
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 20;

  const dir = await mkdtemp(join(tmpdir(), 'podexec-bench-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const sandbox = await startSandbox({ manifestText: MANIFEST, demo: false, kubeconfigOut: kubeconfigPath });
  const env = { ...process.env, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'cache') };

  const podexec = new Exec({ backend: 'kube', kubeconfig: kubeconfigPath });
  const podexecKubectl = new Exec({ backend: 'kubectl', kubeconfig: kubeconfigPath });
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const clientNode = new ClientNodeExec(config);
  const stdinData = Buffer.alloc(STDIN_BYTES, 0x61);
  const samples: Sample[] = [];

  try {
    const trueArgv = ['true'];
    samples.push({ label: 'exec `true`, latency', tool: 'podexec (kube)', unit: 'ms', values: await timeRuns(runs, async () => {
      await podexec.run('bench', 'default', { cmd: trueArgv });
    }) });
    samples.push({ label: 'exec `true`, latency', tool: 'client-node 1.4', unit: 'ms', values: await timeRuns(runs, async () => {
      await runClientNode(clientNode, trueArgv);
    }) });
    samples.push({ label: 'exec `true`, latency', tool: 'kubectl exec', unit: 'ms', values: await timeRuns(runs, async () => {
      await runKubectl(['exec', '-n', 'default', 'bench', '--', 'true'], env);
    }) });
    samples.push({ label: 'exec `true`, latency', tool: 'podexec (kubectl)', unit: 'ms', values: await timeRuns(runs, async () => {
      await podexecKubectl.run('bench', 'default', { cmd: trueArgv });
    }) });

    const largeArgv = ['head', '-c', String(LARGE_BYTES), '/dev/zero'];
    const throughputRuns = Math.max(3, Math.floor(runs / 4));
    const toRate = (values: number[]) => values.map((ms) => LARGE_BYTES / 1e6 / (ms / 1000));
    samples.push({ label: `stdout ${LARGE_BYTES / 1e6} MB, throughput`, tool: 'podexec (kube)', unit: 'MB/s', values: toRate(await timeRuns(throughputRuns, async () => {
      const result = await podexec.run('bench', 'default', { cmd: largeArgv, buffer: false, onStdout: () => undefined });
      if (result.exitCode !== 0) throw new Error('podexec large output failed');
    })) });
    samples.push({ label: `stdout ${LARGE_BYTES / 1e6} MB, throughput`, tool: 'client-node 1.4', unit: 'MB/s', values: toRate(await timeRuns(throughputRuns, async () => {
      await runClientNode(clientNode, largeArgv);
    })) });
    samples.push({ label: `stdout ${LARGE_BYTES / 1e6} MB, throughput`, tool: 'kubectl exec', unit: 'MB/s', values: toRate(await timeRuns(throughputRuns, async () => {
      const result = await runKubectl(['exec', '-n', 'default', 'bench', '--', ...largeArgv], env);
      if (result.stdoutBytes !== LARGE_BYTES) throw new Error(`kubectl delivered ${result.stdoutBytes} bytes`);
    })) });

    const stdinRate = (values: number[]) => values.map((ms) => STDIN_BYTES / 1e6 / (ms / 1000));
    samples.push({ label: `stdin ${STDIN_BYTES / 1e6} MB into wc -c, throughput`, tool: 'podexec (kube)', unit: 'MB/s', values: stdinRate(await timeRuns(throughputRuns, async () => {
      const result = await podexec.run('bench', 'default', { cmd: ['wc', '-c'], stdin: stdinData });
      if (result.stdout.toString().trim() !== String(STDIN_BYTES)) throw new Error(`wc -c saw ${result.stdout.toString()}`);
    })) });
    samples.push({ label: `stdin ${STDIN_BYTES / 1e6} MB into wc -c, throughput`, tool: 'kubectl exec', unit: 'MB/s', values: stdinRate(await timeRuns(throughputRuns, async () => {
      await runKubectl(['exec', '-i', '-n', 'default', 'bench', '--', 'wc', '-c'], env, stdinData);
    })) });
    samples.push({ label: `stdin ${STDIN_BYTES / 1e6} MB into wc -c, throughput`, tool: 'client-node 1.4', unit: 'MB/s', values: stdinRate(await timeRuns(throughputRuns, async () => {
      await runClientNode(clientNode, ['wc', '-c'], stdinData);
    })) });

    const concurrency = 10;
    const total = 50;
    samples.push({ label: `${total} execs, ${concurrency} at a time, wall time`, tool: 'podexec (kube)', unit: 'ms', values: await timeRuns(3, async () => {
      let next = 0;
      const worker = async () => {
        while (next < total) {
          next += 1;
          await podexec.run('bench', 'default', { cmd: ['echo', 'x'] });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    }) });
    samples.push({ label: `${total} execs, ${concurrency} at a time, wall time`, tool: 'kubectl exec', unit: 'ms', values: await timeRuns(3, async () => {
      let next = 0;
      const worker = async () => {
        while (next < total) {
          next += 1;
          await runKubectl(['exec', '-n', 'default', 'bench', '--', 'echo', 'x'], env);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    }) });
  } finally {
    await podexec.close();
    await podexecKubectl.close();
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const report = formatReport(samples, runs, sandbox.runtime.mode);
  process.stdout.write(report);
  if (write) await writeResults(report);
}

function formatReport(samples: Sample[], runs: number, runtimeMode: string): string {
  const lines: string[] = [];
  lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, sandbox runtime mode \`${runtimeMode}\`, ` +
    `${runs} timed runs per latency row after one warm-up. Ratio: podexec (kube) divided by the row's tool, ` +
    'on the median; for latency lower is better, for throughput higher is better.', '');
  lines.push('| scenario | tool | median | min | max | podexec (kube) ÷ tool |', '|---|---|---|---|---|---|');
  for (const sample of samples) {
    const reference = samples.find((other) => other.label === sample.label && other.tool === 'podexec (kube)');
    const ratio = reference ? (median(reference.values) / median(sample.values)).toFixed(2) : '';
    const fmt = (value: number) => `${value.toFixed(sample.unit === 'ms' ? 1 : 0)} ${sample.unit}`;
    lines.push(`| ${sample.label} | ${sample.tool} | ${fmt(median(sample.values))} | ${fmt(Math.min(...sample.values))} | ` +
      `${fmt(Math.max(...sample.values))} | ${sample.tool === 'podexec (kube)' ? '1.00' : ratio} |`);
  }
  return `${lines.join('\n')}\n`;
}

const RESULTS_START = '<!-- results:start -->';
const RESULTS_END = '<!-- results:end -->';

async function writeResults(report: string): Promise<void> {
  const path = fileURLToPath(new URL('../../bench/RESULTS.md', import.meta.url));
  const current = await readFile(path, 'utf8');
  const start = current.indexOf(RESULTS_START);
  const end = current.indexOf(RESULTS_END);
  if (start < 0 || end < start) throw new Error(`${path} lacks the ${RESULTS_START} and ${RESULTS_END} markers`);
  const next = `${current.slice(0, start + RESULTS_START.length)}\n${report}${current.slice(end)}`;
  await writeFile(path, next);
}

await main();
