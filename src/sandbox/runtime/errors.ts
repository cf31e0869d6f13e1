/** Errors of the pod runtime: a mode that cannot work here, or a pod whose processes failed to start. */
import { PodexecError } from '../../core/errors.js';

/** The runtime could not start, or could not start a pod; `detail` contains the underlying output. */
export class PodRuntimeError extends PodexecError {
  readonly mode: 'namespaces' | 'plain';
  /** `namespace/name` of the pod, when a pod failed to start. */
  readonly podName: string | undefined;
  readonly detail: string;

  constructor(
    message: string,
    details: { mode: 'namespaces' | 'plain'; podName?: string | undefined; detail?: string; cause?: unknown },
  ) {
    super('PODEXEC_SANDBOX_RUNTIME_FAILED', message, { cause: details.cause });
    this.mode = details.mode;
    this.podName = details.podName;
    this.detail = details.detail ?? '';
  }
}
