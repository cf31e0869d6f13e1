export { parseTarget, TARGET_KINDS } from './parse.js';
export type { ParsedTarget, WorkloadKind } from './parse.js';
export { pickAttachablePod, unattachableReason } from './pick.js';
export type { PodChoice } from './pick.js';
export { resolveTarget, workloadSelector } from './resolve.js';
export type { ResolvedTarget, ResolveOptions } from './resolve.js';
export { selectorToString } from './selector.js';
