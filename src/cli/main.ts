#!/usr/bin/env node
/** The `podexec` command: dispatches to the subcommands and sets the process exit code. */
import '../backends/builtin.js';
import { registeredBackends } from '../backends/registry.js';
import { EXIT_USAGE } from './exit-codes.js';
import { VERSION } from './version.js';

const USAGE = `Usage: podexec COMMAND [ARGS...]

Runs commands in Kubernetes and OpenShift pods and returns their exact output and exit code.

Commands:
  exec      run a command in a pod:   podexec exec POD -- COMMAND [ARG...]
  rsh       open a shell in a pod:    podexec rsh POD
  sandbox   start a local API server whose pods are local processes
  backends  list the registered backends

Run 'podexec COMMAND --help' for the flags of a command.
  -h, --help     print this help
  -v, --version  print the version
`;

/** Runs the subcommand named by `args[0]` and returns the exit code. */
async function main(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case 'exec': {
      const { execCommand } = await import('./exec.js');
      return execCommand(rest);
    }
    case 'rsh': {
      const { rshCommand } = await import('./rsh.js');
      return rshCommand(rest);
    }
    case 'sandbox': {
      const { sandboxCommand } = await import('./sandbox.js');
      return sandboxCommand(rest);
    }
    case 'backends':
      process.stdout.write(registeredBackends().map((name) => `${name}\n`).join(''));
      return 0;
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case '-v':
    case '--version':
    case 'version':
      process.stdout.write(`podexec ${VERSION}\n`);
      return 0;
    case undefined:
      process.stderr.write(USAGE);
      return EXIT_USAGE;
    default:
      process.stderr.write(`podexec: PODEXEC_USAGE: unknown command "${subcommand}"\nRun 'podexec --help' for the commands.\n`);
      return EXIT_USAGE;
  }
}

process.exitCode = await main(process.argv.slice(2));
