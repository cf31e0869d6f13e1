/**
 * The sandbox's pod runtime: runs each pod's containers as local processes, isolated in their own
 * namespaces where the machine allows it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chooseMode } from './detect.js';
import { NamespacePod } from './namespace-pod.js';
import { PlainPod } from './plain-pod.js';
import { loadNodePty } from './terminal-process.js';
import type { PodHandle, PodRuntime, RuntimePodSpec } from './types.js';

export type * from './types.js';
export { PodRuntimeError } from './errors.js';

export interface PodRuntimeOptions {
  /** Folder for per-pod state, created if missing; a new temporary folder, removed by stopAll(), when omitted. */
  stateDir?: string;
  /** `auto` (the default) uses namespaces when the machine allows them and plain processes otherwise. */
  mode?: 'auto' | 'namespaces' | 'plain';
}

/** Creates a pod runtime, probing the machine for namespace support unless `mode` fixes it. */
export async function createPodRuntime(options: PodRuntimeOptions = {}): Promise<PodRuntime> {
  const ownsStateDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'podexec-runtime-'));
  mkdirSync(stateDir, { recursive: true });

  const nodePty = await loadNodePty();
  let choice;
  try {
    choice = await chooseMode(options.mode ?? 'auto', stateDir, nodePty);
  } catch (error) {
    if (ownsStateDir) {
      rmSync(stateDir, { recursive: true, force: true });
    }
    throw error;
  }
  const { info, context } = choice;
  const pods = new Set<PodHandle>();

  return {
    info,
    async startPod(spec: RuntimePodSpec): Promise<PodHandle> {
      const pod = context === undefined ? new PlainPod(spec, nodePty) : await NamespacePod.start(spec, context);
      pods.add(pod);
      return pod;
    },
    async stopAll(): Promise<void> {
      const stopping = [...pods].map((pod) => pod.stop());
      pods.clear();
      await Promise.all(stopping);
      if (ownsStateDir) {
        rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}
