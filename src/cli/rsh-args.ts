/**
 * Flags of `podexec rsh`, parsed the way `oc rsh` reads them: flags first, then TARGET, and every
 * word after TARGET belongs to the command, even when it starts with `-`.
 */
import { InvalidOptionError } from '../core/errors.js';

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

Opens a shell, or runs COMMAND, in a pod with stdin attached. TARGET is a pod name or
deploy/NAME, sts/NAME, job/NAME or rs/NAME, which resolve to a running, ready pod.

  -n, --namespace NAME   namespace of the target (default: the context's namespace)
  -c, --container NAME   container to run in (default: the pod's default container)
      --kubeconfig FILE  kubeconfig file to use instead of KUBECONFIG
      --context NAME     kubeconfig context to use instead of current-context
      --backend NAME     backend that runs the command: kube (default), kubectl or oc
  -t, --tty              allocate a terminal even when stdin is not one
  -T, --no-tty           never allocate a terminal
  -h, --help             print this help
`;

const VALUE_FLAGS: Readonly<Record<string, keyof RshArgs>> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '-c': 'container',
  '--container': 'container',
  '--kubeconfig': 'kubeconfig',
  '--context': 'context',
  '--backend': 'backend',
};

/** Parses rsh arguments; throws InvalidOptionError for an unknown flag, a missing value or no TARGET. */
export function parseRshArgs(argv: readonly string[]): RshArgs {
  const values: Partial<Record<keyof RshArgs, string>> = {};
  let tty: boolean | undefined;
  let help = false;
  let index = 0;

  while (index < argv.length) {
    const word = argv[index] as string;
    if (word === '--') {
      index += 1;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;

    const equals = word.indexOf('=');
    const flag = word.startsWith('--') && equals !== -1 ? word.slice(0, equals) : word;
    const field = VALUE_FLAGS[flag];
    if (field !== undefined) {
      let value: string | undefined;
      if (flag !== word) {
        value = word.slice(equals + 1);
      } else {
        value = argv[index + 1];
        index += 1;
      }
      if (value === undefined || value === '') throw new InvalidOptionError(flag, 'a value', value, 'See podexec rsh --help.');
      values[field] = value;
    } else if (word === '-t' || word === '--tty') {
      tty = true;
    } else if (word === '-T' || word === '--no-tty') {
      tty = false;
    } else if (word === '-h' || word === '--help') {
      help = true;
    } else {
      throw new InvalidOptionError('flag', 'a flag of podexec rsh', word, 'See podexec rsh --help.');
    }
    index += 1;
  }

  const target = argv[index];
  if (target === undefined && !help) throw new InvalidOptionError('TARGET', 'a pod name or TYPE/NAME', undefined, 'See podexec rsh --help.');
  let command = argv.slice(index + 1);
  if (command[0] === '--') command = command.slice(1);

  return {
    namespace: values.namespace,
    container: values.container,
    kubeconfig: values.kubeconfig,
    context: values.context,
    backend: values.backend,
    tty,
    target: target ?? '',
    command,
    help,
  };
}
