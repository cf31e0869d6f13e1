/**
 * Looks up a command's executable the way runc does before it execs in a container, so a missing
 * command becomes a start failure with the message a kubelet sends instead of an exit code.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { posix } from 'node:path';

/** Result of resolving argv[0]: the executable found, or the reason an exec would fail. */
export type ExecutableLookup = { found: true; path: string } | { found: false; reason: string };

export interface LookupOptions {
  /** PATH of the container's environment. */
  searchPath: string;
  /** Working directory inside the container, for relative paths such as `./run.sh`. */
  workingDir: string;
  /** Commands the container must not have; they are reported as not found. */
  missingTools: readonly string[];
  /**
   * Prefix that maps a path inside the container to the host, such as `/proc/123/root` for a pod
   * with its own mount namespace; empty when the container sees the host's files.
   */
  rootPrefix: string;
}

/**
 * Resolves argv[0] like execvp in the container; names without a slash are searched in PATH.
 * Synchronous on purpose: a handful of stat calls costs microseconds on the exec hot path, and
 * `exec()` can then return a failed process at once instead of one that fails later.
 */
export function lookUpExecutable(command: string, options: LookupOptions): ExecutableLookup {
  if (command === '') {
    return { found: false, reason: `exec: "": executable file not found in $PATH` };
  }
  if (options.missingTools.includes(posix.basename(command))) {
    return command.includes('/')
      ? { found: false, reason: `exec: "${command}": stat ${command}: no such file or directory` }
      : { found: false, reason: `exec: "${command}": executable file not found in $PATH` };
  }

  if (command.includes('/')) {
    const containerPath = posix.resolve(options.workingDir, command);
    const problem = checkExecutable(options.rootPrefix + containerPath);
    if (problem === 'missing') {
      return { found: false, reason: `exec: "${command}": stat ${command}: no such file or directory` };
    }
    if (problem === 'denied') {
      return { found: false, reason: `exec: "${command}": permission denied` };
    }
    return { found: true, path: containerPath };
  }

  for (const directory of options.searchPath.split(':')) {
    // An empty PATH entry means the working directory, as in execvp.
    const candidate = posix.resolve(options.workingDir, directory === '' ? '.' : directory, command);
    if ((checkExecutable(options.rootPrefix + candidate)) === undefined) {
      return { found: true, path: candidate };
    }
  }
  return { found: false, reason: `exec: "${command}": executable file not found in $PATH` };
}

/** Builds the start-failure message a kubelet returns, around the runtime's reason. */
export function startFailureMessage(reason: string): string {
  return `failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: ${reason}: unknown`;
}

/** Checks that the working directory exists in the container, as runc does before the exec. */
export function checkWorkingDir(workingDir: string, rootPrefix: string): string | undefined {
  const stats = statSync(rootPrefix + workingDir, { throwIfNoEntry: false });
  if (stats === undefined) {
    return `chdir to cwd ("${workingDir}") set in config.json failed: no such file or directory`;
  }
  if (!stats.isDirectory()) {
    return `chdir to cwd ("${workingDir}") set in config.json failed: not a directory`;
  }
  return undefined;
}

function checkExecutable(hostPath: string): 'missing' | 'denied' | undefined {
  const stats = statSync(hostPath, { throwIfNoEntry: false });
  if (stats === undefined) {
    return 'missing';
  }
  if (!stats.isFile()) {
    return 'denied';
  }
  try {
    accessSync(hostPath, constants.X_OK);
    return undefined;
  } catch {
    return 'denied';
  }
}
