/** Invalid command-line usage; the CLI prints it with a pointer to --help and exits with code 2. */
import { PodexecError } from '../core/errors.js';

export class UsageError extends PodexecError {
  /** The subcommand whose usage was wrong, such as `exec`, for the --help pointer. */
  readonly subcommand: string | undefined;

  constructor(message: string, subcommand?: string) {
    super('PODEXEC_USAGE', message);
    this.subcommand = subcommand;
  }
}
