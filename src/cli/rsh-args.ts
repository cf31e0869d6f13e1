/**
 * Flags of `podexec rsh`, read the way `oc rsh` reads them: flags come before TARGET, and every
 * word after TARGET belongs to the command, even when it starts with `-`. The flags themselves go
 * through the same kubectl-style parser as `podexec exec`.
 */
import { booleanFlag, parseFlags, stringFlag, type FlagSpec } from './flags.js';
import { UsageError } from './usage-error.js';

export interface RshArgs {
  namespace: string | undefined;
  container: string | undefined;
  kubeconfig: string | undefined;
  context: string | undefined;
  backend: string | undefined;
  /** true for `-t`, false for `-T`, undefined to follow whether local stdin is a terminal. */
  tty: boolean | undefined;
  target: string;
  /** The command; empty means the default shell. */
  command: string[];
  help: boolean;
}

export const RSH_USAGE = `Usage: podexec rsh [-n NAMESPACE] [-c CONTAINER] [--kubeconfig FILE] [--context NAME]
                   [--backend NAME] [-t | -T] TARGET [COMMAND [ARG...]]

Opens a shell (/bin/sh), or runs COMMAND, in a pod with this process's stdin attached, like
oc rsh. TARGET is a pod name or deploy/NAME, sts/NAME, job/NAME or rs/NAME, which resolve to a
running, ready pod. Flags go before TARGET; everything after TARGET is the command.

  -n, --namespace NAME   namespace of the target (default: the context's namespace)
  -c, --container NAME   container to run in (default: the pod's default container)
      --kubeconfig FILE  kubeconfig file to use instead of KUBECONFIG
      --context NAME     kubeconfig context to use instead of current-context
      --backend NAME     backend that runs the command: kube (default), kubectl or oc
  -t, --tty              allocate a terminal even when stdin is not one
  -T, --no-tty           never allocate a terminal (default: one when stdin is a terminal)
  -h, --help             print this help

Exit codes: the command's own, or 2 usage error, 125 podexec or API failure,
126 command could not start, 127 command not found, 130 interrupted.
`;

const RSH_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', takesValue: true },
  { name: 'container', short: 'c', takesValue: true },
  { name: 'kubeconfig', takesValue: true },
  { name: 'context', takesValue: true },
  { name: 'backend', takesValue: true },
  { name: 'tty', short: 't', takesValue: false },
  { name: 'no-tty', short: 'T', takesValue: false },
  { name: 'help', short: 'h', takesValue: false },
];

/**
 * Returns the index of the first argument that is neither a flag nor a flag's value: TARGET, or
 * a `--` in front of it. Unknown flags are skipped here and reported by parseFlags.
 */
function targetIndex(args: readonly string[]): number {
  const byName = new Map(RSH_FLAGS.map((spec) => [spec.name, spec]));
  const byShort = new Map(RSH_FLAGS.filter((spec) => spec.short).map((spec) => [spec.short as string, spec]));
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--' || !arg.startsWith('-') || arg === '-') return index;
    if (arg.startsWith('--')) {
      if (!arg.includes('=') && byName.get(arg.slice(2))?.takesValue) index++;
      continue;
    }
    for (let position = 1; position < arg.length; position++) {
      if (!byShort.get(arg[position] as string)?.takesValue) continue;
      // A value flag takes the rest of the word, or the next argument when nothing is left.
      if (position === arg.length - 1) index++;
      break;
    }
  }
  return args.length;
}

function nonEmpty(parsed: ReturnType<typeof parseFlags>, name: string): string | undefined {
  const value = stringFlag(parsed, name);
  if (value === '') throw new UsageError(`--${name} needs a non-empty value`, 'rsh');
  return value;
}

/** Parses `podexec rsh` arguments; throws UsageError naming what is wrong. */
export function parseRshArgs(args: readonly string[]): RshArgs {
  const split = targetIndex(args);
  const parsed = parseFlags(args.slice(0, split), RSH_FLAGS, 'rsh');
  const help = booleanFlag(parsed, 'help');

  const targetAt = args[split] === '--' ? split + 1 : split;
  const target = args[targetAt];
  let command = args.slice(targetAt + 1);
  if (command[0] === '--') command = command.slice(1);
  if (target === undefined && !help) throw new UsageError('missing TARGET: give a pod name or TYPE/NAME such as deploy/web', 'rsh');

  const forceTty = booleanFlag(parsed, 'tty');
  const noTty = booleanFlag(parsed, 'no-tty');
  if (forceTty && noTty) throw new UsageError('-t and -T cannot be used together', 'rsh');
  let tty: boolean | undefined;
  if (forceTty) tty = true;
  if (noTty) tty = false;

  return {
    namespace: nonEmpty(parsed, 'namespace'),
    container: nonEmpty(parsed, 'container'),
    kubeconfig: nonEmpty(parsed, 'kubeconfig'),
    context: nonEmpty(parsed, 'context'),
    backend: nonEmpty(parsed, 'backend'),
    tty,
    target: target ?? '',
    command,
    help,
  };
}
