/**
 * Pods as ordinary child processes, for machines without namespaces. Every exec sees the host's
 * hostname, /tmp and processes, and `missingTools` is enforced only for the command itself
 * (argv[0]); a shell script run in the pod still finds those tools.
 */
import { plainHomeDirectory } from './environment.js';
import { BasePod } from './pod-base.js';
import type { HostCommand } from './pod-base.js';

export class PlainPod extends BasePod {
  protected rootPrefix(): string {
    return '';
  }

  protected hostCommand(_container: string, executable: string, argv: readonly string[], workingDir: string, _tty: boolean): HostCommand {
    return { file: executable, args: argv.slice(1), argv0: argv[0], cwd: workingDir };
  }

  protected homeDirectory(): string {
    return plainHomeDirectory();
  }

  protected async stopMode(): Promise<void> {
    // Plain pods keep no state of their own; their exec process groups are killed by stop().
  }
}
