/** Flags and arguments of `podexec exec`, read like `kubectl exec`. */
import { parseDuration } from './duration.js';
import { booleanFlag, parseFlags, stringFlag, type FlagSpec, type ParsedFlags } from './flags.js';
import { UsageError } from './usage-error.js';

export const EXEC_USAGE = `Usage: podexec exec [-n NAMESPACE] [-c CONTAINER] [-i] [-t] [--kubeconfig FILE] [--context NAME]
                    [--timeout DURATION] [--backend NAME] [-o text|json] TARGET -- COMMAND [ARG...]

Runs COMMAND in a pod and exits with its exit code. TARGET is a pod name or deploy/NAME,
sts/NAME, job/NAME or rs/NAME, which resolve to a running, ready pod. COMMAND runs as given,
without a shell; use -- sh -c 'SCRIPT' for shell syntax.

  -n, --namespace NAME   namespace of the target (default: the context's namespace)
  -c, --container NAME   container to run in (default: the pod's default container)
  -i, --stdin            pass this process's stdin to the command
  -t, --tty              allocate a terminal (needs a terminal on stdin)
      --kubeconfig FILE  kubeconfig file to use instead of KUBECONFIG
      --context NAME     kubeconfig context to use instead of current-context
      --timeout DURATION stop the command after DURATION, such as 500ms, 30s, 1h30m (default: none)
      --backend NAME     backend that runs the command: kube (default), kubectl or oc
  -o, --output FORMAT    text (default): output as it arrives; json: one object at the end
  -h, --help             print this help

Exit codes: the command's own, or 2 usage error, 124 timed out, 125 podexec or API failure,
126 command could not start, 127 command not found, 130 interrupted.
`;

const EXEC_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', takesValue: true },
  { name: 'container', short: 'c', takesValue: true },
  { name: 'stdin', short: 'i', takesValue: false },
  { name: 'tty', short: 't', takesValue: false },
  { name: 'kubeconfig', takesValue: true },
  { name: 'context', takesValue: true },
  { name: 'timeout', takesValue: true },
  { name: 'backend', takesValue: true },
  { name: 'output', short: 'o', takesValue: true },
  { name: 'help', short: 'h', takesValue: false },
];

export type OutputFormat = 'text' | 'json';

export interface ExecArgs {
  target: string;
  command: string[];
  namespace: string | undefined;
  container: string | undefined;
  stdin: boolean;
  tty: boolean;
  kubeconfig: string | undefined;
  context: string | undefined;
  /** Milliseconds; undefined for no timeout. */
  timeout: number | undefined;
  backend: string | undefined;
  output: OutputFormat;
  help: boolean;
}

function missingDoubleDash(target: string, command: readonly string[]): UsageError {
  return new UsageError(`the command must follow "--": podexec exec ${target} -- ${command.join(' ')}`, 'exec');
}

function nonEmpty(parsed: ParsedFlags, name: string): string | undefined {
  const value = stringFlag(parsed, name);
  if (value === '') throw new UsageError(`--${name} needs a non-empty value`, 'exec');
  return value;
}

/** Parses `podexec exec` arguments; throws UsageError with a message naming what is wrong. */
export function parseExecArgs(args: readonly string[]): ExecArgs {
  let parsed: ParsedFlags;
  try {
    parsed = parseFlags(args, EXEC_FLAGS, 'exec');
  } catch (error) {
    // `podexec exec web-0 ls -l` fails on "-l"; the real mistake is the missing "--".
    if (!args.includes('--')) {
      const lenient = parseFlags(args, EXEC_FLAGS, 'exec', { unknownAsPositional: true });
      const [target, ...extra] = lenient.positionals;
      if (extra.length > 0) throw missingDoubleDash(target as string, extra);
    }
    throw error;
  }
  const help = booleanFlag(parsed, 'help');

  const timeoutText = nonEmpty(parsed, 'timeout');
  let timeout: number | undefined;
  if (timeoutText !== undefined) {
    const milliseconds = parseDuration(timeoutText);
    if (milliseconds === undefined) {
      throw new UsageError(`invalid --timeout "${timeoutText}": expected a duration such as 500ms, 30s, 1m or 1h30m`, 'exec');
    }
    timeout = milliseconds === 0 ? undefined : Math.max(1, Math.ceil(milliseconds));
  }

  const output = stringFlag(parsed, 'output') ?? 'text';
  if (output !== 'text' && output !== 'json') {
    throw new UsageError(`invalid --output "${output}": expected text or json`, 'exec');
  }

  const [target, ...extra] = parsed.positionals;
  if (!help) {
    if (target === undefined) throw new UsageError('missing TARGET: name the pod to run the command in', 'exec');
    if (extra.length > 0 && parsed.afterDoubleDash === undefined) {
      throw missingDoubleDash(target, extra);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument before "--": ${extra[0]}`, 'exec');
    if (parsed.afterDoubleDash === undefined || parsed.afterDoubleDash.length === 0) {
      throw new UsageError(`missing COMMAND: add it after "--", as in podexec exec ${target} -- ls /`, 'exec');
    }
  }

  return {
    target: target ?? '',
    command: parsed.afterDoubleDash ?? [],
    namespace: nonEmpty(parsed, 'namespace'),
    container: nonEmpty(parsed, 'container'),
    stdin: booleanFlag(parsed, 'stdin'),
    tty: booleanFlag(parsed, 'tty'),
    kubeconfig: nonEmpty(parsed, 'kubeconfig'),
    context: nonEmpty(parsed, 'context'),
    timeout,
    backend: nonEmpty(parsed, 'backend'),
    output,
    help,
  };
}
