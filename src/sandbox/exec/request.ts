/**
 * Parsing of the exec request's query string, following the API server's rules for
 * `PodExecOptions`: one `command` parameter per argv element and its boolean rule.
 */
import type { KubeStatus } from '../../protocol/index.js';
import { errorStatus } from '../../protocol/index.js';

export interface ExecQuery {
  argv: string[];
  /** Value of `container`; undefined when absent or empty. */
  container: string | undefined;
  stdin: boolean;
  stdout: boolean;
  /** Always false under a TTY, because a terminal merges stderr into stdout. */
  stderr: boolean;
  tty: boolean;
}

export type ExecQueryResult = { ok: true; query: ExecQuery } | { ok: false; status: KubeStatus };

/**
 * Reads a query boolean the way the API server does: absent, `0` and `false` (any case) are
 * false, any other value is true, so the Python client's `True` counts as true.
 */
export function parseQueryBoolean(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  if (value === null) return false;
  return value !== '0' && value.toLowerCase() !== 'false';
}

/** Parses the query of an exec request URL; returns a 400 Status when it cannot run. */
export function parseExecQuery(url: string): ExecQueryResult {
  const params = new URL(url, 'http://sandbox.invalid').searchParams;
  const argv = params.getAll('command');
  if (argv.length === 0) {
    return { ok: false, status: errorStatus(400, 'BadRequest', 'you must specify at least 1 command') };
  }

  const tty = parseQueryBoolean(params, 'tty');
  const query: ExecQuery = {
    argv,
    container: params.get('container') || undefined,
    stdin: parseQueryBoolean(params, 'stdin'),
    stdout: parseQueryBoolean(params, 'stdout'),
    stderr: !tty && parseQueryBoolean(params, 'stderr'),
    tty,
  };

  if (!query.stdin && !query.stdout && !parseQueryBoolean(params, 'stderr')) {
    const message = 'you must specify at least 1 of stdin, stdout, stderr';
    return { ok: false, status: errorStatus(400, 'BadRequest', message) };
  }
  return { ok: true, query };
}

/** Splits a `Sec-WebSocket-Protocol` header into protocol names in the client's order. */
export function parseOfferedProtocols(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}
