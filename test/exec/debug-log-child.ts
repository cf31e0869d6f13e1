/** Child process for the debug log test: runs one command with a secret under NODE_DEBUG=podexec. */
import { Exec } from '../../src/exec/index.js';

const kubeconfig = process.argv[2];
if (kubeconfig !== undefined) {
  const exec = new Exec({ kubeconfig });
  try {
    await exec.run('box', undefined, { cmd: ['echo', 'pw-secret-88'], secrets: ['pw-secret-88'] });
  } finally {
    await exec.close();
  }
}
