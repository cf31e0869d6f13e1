/** Errors of the sandbox itself (not of exec): invalid manifests and failed starts. */
import { PodexecError } from '../core/errors.js';

/** A manifest cannot be served; `source`, `documentIndex` and `field` locate the problem. */
export class ManifestError extends PodexecError {
  /** File path, or `inline` for text passed to apply() or manifestText. */
  readonly source: string;
  /** 0-based index of the YAML document inside the source. */
  readonly documentIndex: number;
  /** Path of the bad field such as `spec.template.spec.containers[0].name`, or empty for the whole document. */
  readonly field: string;

  constructor(source: string, documentIndex: number, field: string, problem: string) {
    const where = `${source}, document ${documentIndex}` + (field ? `, field ${field}` : '');
    super('PODEXEC_SANDBOX_MANIFEST_INVALID', `Invalid sandbox manifest (${where}): ${problem}`);
    this.source = source;
    this.documentIndex = documentIndex;
    this.field = field;
  }
}
