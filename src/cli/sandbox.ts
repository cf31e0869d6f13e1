/**
 * `podexec sandbox`: runs the embedded API server in the foreground until SIGINT or SIGTERM, and
 * writes a kubeconfig that kubectl and podexec can use meanwhile.
 */
import { resolve } from 'node:path';
import { InvalidOptionError } from '../core/errors.js';
import { startSandbox } from '../sandbox/index.js';
import type { Sandbox, SandboxOptions } from '../sandbox/index.js';

/** Kubeconfig path without --kubeconfig-out, in the current folder so it is easy to find. */
export const DEFAULT_KUBECONFIG_OUT = 'podexec-sandbox.kubeconfig';

export const SANDBOX_USAGE = `Usage: podexec sandbox [--manifests PATH]... [--demo] [--kubeconfig-out FILE] [--port N]
                       [--runtime auto|namespaces|plain] [--state-dir DIR]

Runs a local Kubernetes API server on 127.0.0.1 that serves the pods of the given manifests and
runs their containers as local processes. Stops, with every process, on Ctrl-C or SIGTERM.

  --manifests PATH       YAML file or folder (its *.yaml and *.yml files); repeat for more
  --demo                 also serve the built-in demo objects (the default without --manifests)
  --kubeconfig-out FILE  where to write the kubeconfig (default: ./${DEFAULT_KUBECONFIG_OUT})
  --port N               TCP port on 127.0.0.1 (default: 0, a free port)
  --runtime MODE         auto (default): Linux namespaces where allowed, else plain processes
  --state-dir DIR        folder for per-pod state (default: a temporary folder)
  -h, --help             print this help
`;

interface SandboxArgs {
  options: SandboxOptions;
  help: boolean;
}

const VALUE_FLAGS = ['--manifests', '--kubeconfig-out', '--port', '--runtime', '--state-dir'];

/** Parses the flags (`--flag VALUE` or `--flag=VALUE`); throws InvalidOptionError for a bad one. */
export function parseSandboxArgs(args: readonly string[]): SandboxArgs {
  const values = new Map<string, string[]>();
  let demo = false;
  let help = false;

  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] as string;
    if (word === '-h' || word === '--help') {
      help = true;
      continue;
    }
    if (word === '--demo') {
      demo = true;
      continue;
    }
    const equals = word.indexOf('=');
    const flag = equals === -1 ? word : word.slice(0, equals);
    if (!VALUE_FLAGS.includes(flag)) {
      throw new InvalidOptionError(word, 'a flag listed by podexec sandbox --help', word);
    }
    let value: string | undefined;
    if (equals !== -1) value = word.slice(equals + 1);
    else {
      index += 1;
      value = args[index];
    }
    if (value === undefined || value === '') throw new InvalidOptionError(flag, 'a value after the flag', value);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }

  const last = (flag: string): string | undefined => values.get(flag)?.at(-1);
  const options: SandboxOptions = { kubeconfigOut: resolve(last('--kubeconfig-out') ?? DEFAULT_KUBECONFIG_OUT) };
  const manifests = values.get('--manifests');
  if (manifests) options.manifests = manifests;
  if (demo) options.demo = true;

  const port = last('--port');
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new InvalidOptionError('--port', 'an integer from 0 to 65535', port);
    options.port = Number(port);
  }
  const runtime = last('--runtime');
  if (runtime !== undefined) {
    if (runtime !== 'auto' && runtime !== 'namespaces' && runtime !== 'plain') {
      throw new InvalidOptionError('--runtime', 'auto, namespaces or plain', runtime);
    }
    options.runtimeMode = runtime;
  }
  const stateDir = last('--state-dir');
  if (stateDir !== undefined) options.stateDir = resolve(stateDir);
  return { options, help };
}

/** Runs `podexec sandbox`; resolves with the exit code once the sandbox stopped. */
export async function sandboxCommand(args: string[]): Promise<number> {
  let parsed: SandboxArgs;
  try {
    parsed = parseSandboxArgs(args);
  } catch (error) {
    process.stderr.write(`podexec sandbox: ${(error as Error).message}\nRun podexec sandbox --help for the flags.\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(SANDBOX_USAGE);
    return 0;
  }

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(parsed.options);
  } catch (error) {
    process.stderr.write(`podexec sandbox: ${(error as Error).message}\n`);
    return error instanceof InvalidOptionError ? 2 : 125;
  }

  printStarted(sandbox);
  const signal = await waitForStopSignal();
  process.stderr.write(`podexec sandbox: ${signal} received, stopping every pod\n`);
  await sandbox.stop();
  return 0;
}

function printStarted(sandbox: Sandbox): void {
  const lines = [
    `podexec sandbox: serving ${sandbox.url}`,
    `  runtime:    ${sandbox.runtime.mode}`,
    `  kubeconfig: ${sandbox.kubeconfigPath ?? '(not written)'}`,
  ];
  if (sandbox.runtime.mode === 'plain') lines.push(`  warning:    ${sandbox.runtime.detail}`);
  if (sandbox.kubeconfigPath !== undefined) {
    lines.push('', 'Point kubectl and podexec at it with:', `  export KUBECONFIG=${shellQuote(sandbox.kubeconfigPath)}`);
  }
  lines.push('', 'Press Ctrl-C to stop.');
  process.stderr.write(`${lines.join('\n')}\n`);
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Quotes a path for a POSIX shell when it contains anything beyond safe characters. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
