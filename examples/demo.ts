/**
 * The demo behind `npm run demo`: starts the embedded sandbox with its built-in pods, runs a few
 * commands through the library and one through the CLI, prints each result, and stops the
 * sandbox. One command fails on purpose and one targets a completed pod, to show how failures
 * look. Exits 0 when every step behaved as expected, 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PodexecError } from '../src/core/errors.js';
import type { ExecResult } from '../src/core/result.js';
import { Exec } from '../src/exec/index.js';
import { startSandbox } from '../src/sandbox/index.js';

const cliPath = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

let unexpected = 0;

function heading(text: string): void {
  process.stdout.write(`\n$ ${text}\n`);
}

function show(result: ExecResult, expectedExitCode: number): void {
  const indent = (text: string) => text.replace(/\n$/, '').split('\n').map((line) => `    ${line}`).join('\n');
  if (result.stdout.length > 0) process.stdout.write(`  stdout:\n${indent(result.stdout.toString('utf8'))}\n`);
  if (result.stderr.length > 0) process.stdout.write(`  stderr:\n${indent(result.stderr.toString('utf8'))}\n`);
  for (const note of result.diagnostics) process.stdout.write(`  note: ${note}\n`);
  process.stdout.write(`  exit code ${result.exitCode} in container ${result.container}, ${Math.round(result.durationMs)} ms\n`);
  if (result.exitCode !== expectedExitCode) {
    unexpected += 1;
    process.stdout.write(`  UNEXPECTED: the demo expected exit code ${expectedExitCode}\n`);
  }
}

function showError(error: unknown, expectedCode: string): void {
  if (error instanceof PodexecError) {
    process.stdout.write(`  ${error.name} (${error.code}): ${error.message}\n`);
    if (error.code === expectedCode) return;
  } else {
    process.stdout.write(`  ${String(error)}\n`);
  }
  unexpected += 1;
  process.stdout.write(`  UNEXPECTED: the demo expected an error with code ${expectedCode}\n`);
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => process.stdout.write(`  ${chunk.toString('utf8').replace(/\n(?=.)/g, '\n  ')}`));
    child.stderr.on('data', (chunk: Buffer) => process.stdout.write(`  stderr: ${chunk.toString('utf8')}`));
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'podexec-demo-'));
  const kubeconfig = join(dir, 'kubeconfig');
  process.stdout.write('Starting the sandbox cluster on 127.0.0.1 …\n');
  const sandbox = await startSandbox({ kubeconfigOut: kubeconfig });
  process.stdout.write(`Sandbox at ${sandbox.url}, pods run in ${sandbox.runtime.mode} mode (${sandbox.runtime.detail})\n`);

  const exec = new Exec({ backend: 'kube', kubeconfig });
  try {
    heading('hostname   # in pod toolbox, namespace default');
    show(await exec.run('toolbox', 'default', { cmd: ['hostname'] }), 0);

    heading('sh -c \'echo "$GREETING"\'   # the manifest\'s env reaches the container');
    show(await exec.run('toolbox', 'default', 'echo "$GREETING"'), 0);

    heading('pwd   # pod web-with-sidecar has two containers; the annotation picks "web"');
    show(await exec.run('web-with-sidecar', 'default', { cmd: ['pwd'] }), 0);

    heading('tr a-z A-Z   # with "hello, pod" on stdin');
    show(await exec.run('db-0', 'shop', { cmd: ['tr', 'a-z', 'A-Z'], stdin: 'hello, pod\n' }), 0);

    heading('sh -c \'echo working; echo "disk full" >&2; exit 3\'   # fails on purpose');
    show(await exec.run('toolbox', 'default', { cmd: ['sh', '-c', 'echo working; echo "disk full" >&2; exit 3'] }), 3);

    heading('true   # in pod migrate-once, whose phase is Succeeded');
    try {
      await exec.run('migrate-once', 'default', { cmd: ['true'] });
      unexpected += 1;
      process.stdout.write('  UNEXPECTED: the run succeeded\n');
    } catch (error) {
      showError(error, 'PODEXEC_POD_NOT_RUNNING');
    }

    heading('podexec exec -n shop db-1 -- sh -c \'echo "$HOSTNAME stores data in $PGDATA"\'   # the CLI');
    const cliExit = await runCli(['exec', '-n', 'shop', 'db-1', '--', 'sh', '-c', 'echo "$HOSTNAME stores data in $PGDATA"'], {
      ...process.env,
      KUBECONFIG: kubeconfig,
    });
    process.stdout.write(`  exit code ${cliExit}\n`);
    if (cliExit !== 0) unexpected += 1;
  } finally {
    await exec.close();
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }

  process.stdout.write(unexpected === 0
    ? '\nSandbox stopped. Every step behaved as expected.\n'
    : `\nSandbox stopped. ${unexpected} step(s) did not behave as expected.\n`);
  process.exitCode = unexpected === 0 ? 0 : 1;
}

await main();
