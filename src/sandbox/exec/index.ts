/** The sandbox's exec endpoint: the server side of the Kubernetes WebSocket exec protocol. */
export type { ExecEndpoint, ExecEndpointContext, ExecEndpointOptions, SandboxPodView } from './types.js';
export { createExecEndpoint } from './endpoint.js';
export { FAULTS_ANNOTATION, parseFaults } from './faults.js';
export type { ExecFaults } from './faults.js';
