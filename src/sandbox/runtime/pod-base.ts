/**
 * The exec steps both runtime modes share: finding the container, building its environment and
 * resolving the executable before anything is spawned. The base class also tracks every process
 * group an exec starts, so that stopping the pod leaves nothing behind.
 */
import { buildExecEnvironment } from './environment.js';
import { failedProcess } from './failed-process.js';
import { forgetAtExit, killAtExit, killNow } from './kill-list.js';
import { spawnPiped } from './piped-process.js';
import { processExists, waitUntilGone } from './process-status.js';
import { checkWorkingDir, lookUpExecutable, startFailureMessage } from './resolve.js';
import { spawnInTerminal } from './terminal-process.js';
import type { NodePtyModule } from './terminal-process.js';
import type { ExecOptions, PodHandle, RuntimePodSpec, RuntimeProcess } from './types.js';


/** The host command that runs `argv` inside a container. */
export interface HostCommand {
  file: string;
  args: string[];
  /** argv[0] the process sees, when `file` is a resolved path. */
  argv0?: string | undefined;
  /** Host directory to spawn in. */
  cwd: string;
}

export abstract class BasePod implements PodHandle {
  readonly spec: RuntimePodSpec;
  protected stopped = false;
  private readonly processGroups = new Set<number>();
  private readonly nodePty: NodePtyModule | string;

  constructor(spec: RuntimePodSpec, nodePty: NodePtyModule | string) {
    this.spec = spec;
    this.nodePty = nodePty;
  }

  /** Prefix that maps a path inside the pod to the host, such as `/proc/PID/root`. */
  protected abstract rootPrefix(container: string): string;

  /** Builds the host command for an exec whose executable was resolved to `executable`. */
  protected abstract hostCommand(
    container: string,
    executable: string,
    argv: readonly string[],
    workingDir: string,
    tty: boolean,
  ): HostCommand;

  /** Home directory of the user that execs run as. */
  protected abstract homeDirectory(): string;

  /** Kills what the mode itself started (the namespace's PID 1) and removes its state. */
  protected abstract stopMode(): Promise<void>;

  exec(containerName: string, argv: readonly string[], options: ExecOptions): RuntimeProcess {
    const container = this.spec.containers.find((candidate) => candidate.name === containerName);
    if (container === undefined) {
      return failedProcess(`container "${containerName}" not found in pod ${this.spec.namespace}/${this.spec.name}`);
    }
    if (this.stopped) {
      return failedProcess(`failed to exec in container: pod ${this.spec.namespace}/${this.spec.name} is stopped`);
    }
    const command = argv[0];
    if (command === undefined) {
      return failedProcess(startFailureMessage('exec: no command given'));
    }

    const environment = buildExecEnvironment(this.spec, container, options.tty, this.homeDirectory());
    const workingDir = container.workingDir ?? '/';
    const rootPrefix = this.rootPrefix(containerName);
    const directoryProblem = checkWorkingDir(workingDir, rootPrefix);
    if (directoryProblem !== undefined) {
      return failedProcess(startFailureMessage(directoryProblem));
    }
    const lookup = lookUpExecutable(command, {
      searchPath: environment['PATH'] ?? '',
      workingDir,
      missingTools: this.spec.missingTools,
      rootPrefix,
    });
    if (!lookup.found) {
      return failedProcess(startFailureMessage(lookup.reason));
    }

    const host = this.hostCommand(containerName, lookup.path, argv, workingDir, options.tty);
    const tracking = {
      onSpawn: (pid: number) => this.trackGroup(pid),
      onExit: (pid: number) => this.forgetGroupIfEmpty(pid),
    };
    if (options.tty && typeof this.nodePty === 'string') {
      return failedProcess(startFailureMessage(this.nodePty));
    }
    try {
      if (options.tty && typeof this.nodePty !== 'string') {
        return spawnInTerminal(this.nodePty, host.file, host.args, {
          environment,
          cwd: host.cwd,
          columns: options.columns,
          rows: options.rows,
          ...tracking,
        });
      }
      return spawnPiped(host.file, host.args, { environment, cwd: host.cwd, argv0: host.argv0, ...tracking });
    } catch (error) {
      // Spawning throws synchronously for arguments the OS cannot take, such as a NUL byte in env.
      return failedProcess(startFailureMessage(`exec: "${command}": ${(error as Error).message}`));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const groups = [...this.processGroups];
    for (const group of groups) {
      killNow(-group);
    }
    await this.stopMode();
    await waitUntilGone(groups.map((group) => -group));
    for (const group of groups) {
      forgetAtExit(-group);
      this.processGroups.delete(group);
    }
  }

  private trackGroup(pid: number): void {
    this.processGroups.add(pid);
    killAtExit(-pid);
  }

  /** Forgets an exec's group once its leader exited, unless processes it started still run. */
  private forgetGroupIfEmpty(pid: number): void {
    if (!processExists(-pid)) {
      this.processGroups.delete(pid);
      forgetAtExit(-pid);
    }
  }
}

