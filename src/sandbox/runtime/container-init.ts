/**
 * PID 1 of a namespaced container: a bash process that sets up the container's mounts and hostname,
 * reports its host pid, then waits on its stdin and reaps the orphans that execs leave behind.
 * Its stdin is a pipe from this Node process, so the container also ends (PID 1 exiting kills
 * every process of its PID namespace) when Node dies without running any cleanup.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { debuglog } from 'node:util';

import { PodRuntimeError } from './errors.js';
import type { HostCommands } from './host-commands.js';
import { forgetAtExit, killAtExit, killNow } from './kill-list.js';
import { HIDDEN_ENTRY } from './tool-shadow.js';
import type { ShadowedDirectory } from './tool-shadow.js';

const debug = debuglog('podexec');

/** How long a container's PID 1 may take to report ready; setup is a handful of mount calls. */
const READY_TIMEOUT_MS = 10_000;
/** How long stop() waits for the launcher to follow PID 1 before killing it too. */
const STOP_TIMEOUT_MS = 5000;
/** Bytes of the init's stderr kept for an error message. */
const STDERR_LIMIT = 4096;

/*
 * bash reads this script from its stdin (`bash -s`), so `ps` inside the pod shows PID 1 as a short
 * `bash -s`; settings come in the environment. The host pid is read from /proc/self/stat before the
 * container's own /proc is mounted over the host's. PODEXEC_SHADOWS contains lines of
 * "DIRECTORY<tab>SHADOW". bash reaps every child on SIGCHLD, adopted orphans included, while
 * `read` keeps waiting on the same stdin; `read` returns 1 only at end of input.
 */
const INIT_SCRIPT = `set -e
read -r host_pid _ </proc/self/stat
run_mount() {
  if [ -n "$PODEXEC_MOUNT_HIDDEN" ] && [ -x "$PODEXEC_MOUNT_HIDDEN" ]; then
    "$PODEXEC_MOUNT_HIDDEN" "$@"
  else
    "$PODEXEC_MOUNT" "$@"
  fi
}
run_mount -t proc proc /proc
run_mount --bind "$PODEXEC_SHM_SOURCE" /dev/shm
run_mount --bind "$PODEXEC_HOSTNAME_FILE" /etc/hostname
# Inside a user namespace only sethostname(2) is allowed, not a write to /proc/sys.
if [ -n "$PODEXEC_HOSTNAME" ]; then
  hostname "$PODEXEC_HOSTNAME" 2>/dev/null || echo "$PODEXEC_HOSTNAME" >/proc/sys/kernel/hostname
fi
while IFS="$(printf '\t')" read -r directory shadow; do
  [ -n "$directory" ] || continue
  run_mount --bind "$directory" "$shadow/${HIDDEN_ENTRY}"
  run_mount --rbind "$shadow" "$directory"
done <<SHADOWS
$PODEXEC_SHADOWS
SHADOWS
run_mount -t tmpfs -o mode=1777 tmpfs /tmp
unset PODEXEC_MOUNT PODEXEC_MOUNT_HIDDEN PODEXEC_SHM_SOURCE PODEXEC_HOSTNAME_FILE PODEXEC_HOSTNAME PODEXEC_SHADOWS
set +e
echo "ready $host_pid"
trap : CHLD
while :; do read -r _; if [ $? -eq 1 ]; then exit 0; fi; done
`;

export interface ContainerInitOptions {
  commands: HostCommands;
  /** Host pid of the pod's first PID 1, whose UTS and IPC namespaces this container joins. */
  podInitPid: number | undefined;
  /** Run in a new user namespace mapped to root, for machines where only that is allowed. */
  userNamespace: boolean;
  hostname: string;
  shmSource: string;
  /** File containing the pod name and a newline, bind-mounted over /etc/hostname. */
  hostnameFile: string;
  mountProgram: string;
  mountProgramAfterShadowing: string | undefined;
  shadows: readonly ShadowedDirectory[];
  /** `namespace/name`, for error messages. */
  podName: string;
}

export interface ContainerInit {
  /** Host pid of the container's PID 1; SIGKILL on it ends every process of the container. */
  readonly hostPid: number;
  /** Kills PID 1 and waits until the launcher process exited. */
  stop(): Promise<void>;
}

/** Starts a container's PID 1 and resolves once its namespaces and mounts are ready. */
export async function startContainerInit(options: ContainerInitOptions): Promise<ContainerInit> {
  const { commands } = options;
  const userFlags = options.userNamespace ? ['--user', '--map-root-user'] : [];
  const initArgs = ['--', commands.bash, '-s'];
  const ownNamespaces = ['--pid', '--mount', '--fork', '--propagation', 'private'];

  let file: string;
  let args: string[];
  if (options.podInitPid === undefined) {
    // Containers of one pod share UTS and IPC namespaces (hostname, System V IPC), as in Kubernetes.
    // The first container creates them. Each container has its own PID and mount namespaces.
    file = commands.unshare;
    args = [...userFlags, '--uts', '--ipc', ...ownNamespaces, ...initArgs];
  } else {
    const joinUser = options.userNamespace ? ['--user', '--preserve-credentials'] : [];
    file = commands.nsenter;
    args = ['--target', String(options.podInitPid), ...joinUser, '--uts', '--ipc', '--', commands.unshare, ...ownNamespaces, ...initArgs];
  }

  const launcher = spawn(file, args, {
    cwd: '/',
    env: {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      PODEXEC_HOSTNAME: options.hostname,
      PODEXEC_SHM_SOURCE: options.shmSource,
      PODEXEC_HOSTNAME_FILE: options.hostnameFile,
      PODEXEC_MOUNT: options.mountProgram,
      PODEXEC_MOUNT_HIDDEN: options.mountProgramAfterShadowing ?? '',
      PODEXEC_SHADOWS: options.shadows.map((shadowed) => `${shadowed.directory}\t${shadowed.shadow}`).join('\n'),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const launcherExited = new Promise<void>((resolve) => {
    launcher.once('exit', () => resolve());
    launcher.once('error', () => resolve());
  });
  if (launcher.pid !== undefined) {
    killAtExit(-launcher.pid);
  }
  // The pipe stays open after the script: PID 1 waits on it and exits at its end.
  launcher.stdin.write(INIT_SCRIPT);

  let hostPid: number;
  try {
    hostPid = await waitForReady(launcher, options.podName);
  } catch (error) {
    if (launcher.pid !== undefined) {
      killNow(-launcher.pid);
      forgetAtExit(-launcher.pid);
    }
    await launcherExited;
    throw error;
  }
  killAtExit(hostPid);
  releaseLauncher(launcher);

  return {
    hostPid,
    async stop() {
      // Only PID 1 is killed: the kernel then kills every process of the PID namespace and PID 1
      // exits after them, and unshare, which waits for PID 1, exits last. Killing unshare too would
      // end that wait early, while processes of the namespace still run.
      killNow(hostPid);
      // The launcher was unref'ed; without this, Node could exit while the wait below is pending.
      launcher.ref();
      const timeout = new AbortController();
      const stopped = await Promise.race([
        launcherExited.then(() => true),
        sleep(STOP_TIMEOUT_MS, false, { signal: timeout.signal }).catch(() => true),
      ]);
      timeout.abort();
      if (!stopped && launcher.pid !== undefined) {
        debug('runtime: launcher %d still running %d ms after SIGKILL to PID 1 %d', launcher.pid, STOP_TIMEOUT_MS, hostPid);
        killNow(-launcher.pid);
        await launcherExited;
      }
      forgetAtExit(hostPid);
      if (launcher.pid !== undefined) {
        forgetAtExit(-launcher.pid);
      }
    },
  };
}

/** Reads the launcher's output until PID 1 reports `ready HOSTPID`. */
function waitForReady(launcher: ChildProcess, podName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';

    const onStderr = (chunk: Buffer): void => {
      if (stderr.length < STDERR_LIMIT) {
        stderr += chunk.toString().slice(0, STDERR_LIMIT - stderr.length);
      }
    };
    const onStdout = (chunk: Buffer): void => {
      stdout += chunk.toString();
      const match = /^ready (\d+)\n/.exec(stdout);
      if (match?.[1] !== undefined) {
        settle();
        resolve(Number(match[1]));
      }
    };
    const onError = (error: Error): void => fail(error.message, error);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`the launcher exited with ${signal ?? `code ${code}`}`);
    const timer = setTimeout(() => fail(`PID 1 did not report ready within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);

    function settle(): void {
      clearTimeout(timer);
      launcher.stdout?.off('data', onStdout);
      launcher.stderr?.off('data', onStderr);
      launcher.off('error', onError);
      launcher.off('exit', onExit);
    }
    function fail(problem: string, cause?: unknown): void {
      settle();
      const detail = stderr.trim();
      const message = `Failed to start the namespaces of pod ${podName}: ${problem}.` + (detail ? ` Output: ${detail}` : '');
      reject(new PodRuntimeError(message, { mode: 'namespaces', podName, detail, cause }));
    }

    launcher.stdout?.on('data', onStdout);
    launcher.stderr?.on('data', onStderr);
    launcher.once('error', onError);
    launcher.once('exit', onExit);
  });
}

/**
 * Keeps the launcher's pipes open (PID 1 exits when its stdin closes) without keeping Node's event
 * loop alive for them, and discards anything PID 1 writes from now on.
 */
function releaseLauncher(launcher: ChildProcess): void {
  launcher.on('error', (error) => debug('runtime: container init launcher failed: %s', error.message));
  for (const stream of [launcher.stdin, launcher.stdout, launcher.stderr]) {
    (stream as Socket | null)?.unref();
  }
  launcher.stdout?.resume();
  launcher.stderr?.resume();
  launcher.unref();
}
