/**
 * Pods whose containers each run in their own PID and mount namespaces, with private /proc, /tmp
 * and /dev/shm. The containers of a pod share its UTS and IPC namespaces, and the root filesystem
 * is the host's. Every exec joins its container with nsenter, so files written by one exec are
 * there for the next.
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ContainerInit } from './container-init.js';
import { startContainerInit } from './container-init.js';
import { DEFAULT_CONTAINER_PATH, buildExecEnvironment } from './environment.js';
import type { HostCommands } from './host-commands.js';
import { BasePod } from './pod-base.js';
import type { HostCommand } from './pod-base.js';
import type { NodePtyModule } from './terminal-process.js';
import { pathAfterShadowing, prepareToolShadows } from './tool-shadow.js';
import type { RuntimePodSpec } from './types.js';

export interface NamespaceContext {
  commands: HostCommands;
  userNamespace: boolean;
  stateDir: string;
  nodePty: NodePtyModule | string;
}

export class NamespacePod extends BasePod {
  private readonly context: NamespaceContext;
  private readonly podStateDir: string;
  private readonly inits = new Map<string, ContainerInit>();

  private constructor(spec: RuntimePodSpec, context: NamespaceContext, podStateDir: string) {
    super(spec, context.nodePty);
    this.context = context;
    this.podStateDir = podStateDir;
  }

  /** Starts PID 1 of every container; on failure stops what was started and rejects. */
  static async start(spec: RuntimePodSpec, context: NamespaceContext): Promise<NamespacePod> {
    const podStateDir = join(context.stateDir, spec.uid);
    const shmSource = join(podStateDir, 'shm');
    mkdirSync(shmSource, { recursive: true });
    // Like /dev/shm: writable by every user, with the sticky bit (mkdir's mode is reduced by umask).
    chmodSync(shmSource, 0o1777);
    // A kubelet mounts a per-pod /etc/hostname into every container; scripts read the pod name there.
    const hostnameFile = join(podStateDir, 'hostname');
    writeFileSync(hostnameFile, `${spec.name}\n`, { mode: 0o644 });
    const pod = new NamespacePod(spec, context, podStateDir);
    try {
      for (const container of spec.containers) {
        await pod.startContainer(container.name, shmSource, hostnameFile);
      }
    } catch (error) {
      await pod.stop();
      throw error;
    }
    return pod;
  }

  private async startContainer(containerName: string, shmSource: string, hostnameFile: string): Promise<void> {
    const container = this.spec.containers.find((candidate) => candidate.name === containerName);
    const containerPath = container === undefined ? '' : (buildExecEnvironment(this.spec, container, false, '/root')['PATH'] ?? '');
    const shadows = prepareToolShadows(
      this.spec.missingTools,
      `${DEFAULT_CONTAINER_PATH}:${containerPath}`,
      join(this.podStateDir, `container-${this.inits.size}`),
    );
    const firstInit = this.inits.values().next().value;
    const init = await startContainerInit({
      commands: this.context.commands,
      podInitPid: firstInit?.hostPid,
      userNamespace: this.context.userNamespace,
      // The first container sets the hostname of the UTS namespace the others join.
      hostname: firstInit === undefined ? this.spec.name : '',
      shmSource,
      hostnameFile,
      mountProgram: this.context.commands.mount,
      mountProgramAfterShadowing: pathAfterShadowing(this.context.commands.mount, shadows),
      shadows,
      podName: `${this.spec.namespace}/${this.spec.name}`,
    });
    this.inits.set(containerName, init);
  }

  protected rootPrefix(container: string): string {
    return `/proc/${this.initOf(container).hostPid}/root`;
  }

  protected hostCommand(container: string, _executable: string, argv: readonly string[], workingDir: string, tty: boolean): HostCommand {
    // nsenter looks argv[0] up again inside the container, with the exec's PATH; --wdns resolves the
    // working directory there too (--wd would resolve it on the host, missing the private /tmp).
    const args = ['--target', String(this.initOf(container).hostPid)];
    if (this.context.userNamespace) {
      // The user namespace denies setgroups(2); keeping the credentials keeps the uid that maps to root.
      args.push('--user', '--preserve-credentials');
    }
    args.push('--pid', '--mount', '--uts', '--ipc', `--wdns=${workingDir}`, '--');
    // Under a TTY the command leads its own session with the terminal as controlling terminal, as in
    // a container. Without that, dash's job control fails at exit and `exit N` becomes 2.
    if (tty) args.push(this.context.commands.setsid, '--ctty', '--wait');
    args.push(...argv);
    return { file: this.context.commands.nsenter, args, cwd: '/' };
  }

  protected homeDirectory(): string {
    // Execs run as root of the container: the real root, or root of the pod's user namespace.
    return '/root';
  }

  protected async stopMode(): Promise<void> {
    const inits = [...this.inits.values()];
    this.inits.clear();
    await Promise.all(inits.map((init) => init.stop()));
    rmSync(this.podStateDir, { recursive: true, force: true });
  }

  private initOf(container: string): ContainerInit {
    const init = this.inits.get(container);
    if (init === undefined) {
      throw new Error(`container "${container}" of pod ${this.spec.namespace}/${this.spec.name} has no running PID 1`);
    }
    return init;
  }
}
