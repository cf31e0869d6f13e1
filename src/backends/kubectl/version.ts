/** Reads kubectl's client version, to note when it streams exec over SPDY instead of WebSocket. */
import { clientVersionArgs, type ConnectionFlags } from './args.js';
import { runKubectl } from './run.js';

/** First kubectl minor version that runs exec over WebSocket (v5.channel.k8s.io) by default. */
export const FIRST_WEBSOCKET_MINOR = 30;

export interface ClientVersion {
  gitVersion: string;
  major: number;
  minor: number;
}

interface VersionShape {
  clientVersion?: { gitVersion?: unknown; major?: unknown; minor?: unknown };
}

/** Parses `kubectl version --client -o json`; returns undefined when the output has no usable version. */
export function parseClientVersion(json: string): ClientVersion | undefined {
  let parsed: VersionShape;
  try {
    parsed = JSON.parse(json) as VersionShape;
  } catch {
    return undefined;
  }
  const client = parsed.clientVersion;
  if (!client) return undefined;
  // Vendor builds report minors such as "32+".
  const major = Number.parseInt(String(client.major ?? ''), 10);
  const minor = Number.parseInt(String(client.minor ?? ''), 10);
  if (!Number.isInteger(major) || !Number.isInteger(minor)) return undefined;
  return { gitVersion: typeof client.gitVersion === 'string' ? client.gitVersion : `v${major}.${minor}`, major, minor };
}

/** Returns a diagnostic for clients older than 1.30, or undefined when none is needed. */
export function versionNote(version: ClientVersion | undefined): string | undefined {
  if (version === undefined) return 'Could not read the kubectl client version; assuming it streams exec over WebSocket.';
  if (version.major > 1 || version.minor >= FIRST_WEBSOCKET_MINOR) return undefined;
  return (
    `kubectl ${version.gitVersion} streams exec over SPDY (WebSocket is the default from 1.${FIRST_WEBSOCKET_MINOR}); ` +
    'it works with servers that still accept SPDY, which the podexec sandbox does not.'
  );
}

/** Queries the client version of `binary`; failures become an undefined version. */
export async function queryClientVersion(binary: string, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<ClientVersion | undefined> {
  try {
    const result = await runKubectl(binary, clientVersionArgs(flags), env);
    return result.exitCode === 0 ? parseClientVersion(result.stdout) : undefined;
  } catch {
    return undefined;
  }
}
