/**
 * Finds the kubectl-compatible binary a backend runs. Precedence: the `kubectlPath` backend option,
 * then the PODEXEC_KUBECTL environment variable, then each name in `searchNames` on PATH. An
 * explicit setting that does not point at an executable is an error; it never falls back to PATH,
 * so a typo cannot silently run another kubectl.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { BackendUnavailableError } from '../../core/errors.js';

export const KUBECTL_ENV = 'PODEXEC_KUBECTL';

export interface LocateOptions {
  /** Backend name, for the error message. */
  backend: string;
  /** The `kubectlPath` backend option. */
  explicitPath: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Binary names to look for on PATH, in order, such as `['oc', 'kubectl']`. */
  searchNames: readonly string[];
}

/** Returns the absolute path of the binary, or throws BackendUnavailableError listing every place tried. */
export async function locateBinary(options: LocateOptions): Promise<string> {
  const searched: string[] = [];
  const envValue = options.env[KUBECTL_ENV];

  if (options.explicitPath !== undefined) {
    const found = await resolveSetting(options.explicitPath, options.env, searched, `kubectlPath option=${options.explicitPath}`);
    if (found) return found;
  } else if (envValue !== undefined && envValue !== '') {
    const found = await resolveSetting(envValue, options.env, searched, `${KUBECTL_ENV}=${envValue}`);
    if (found) return found;
  } else {
    for (const name of options.searchNames) {
      const found = await searchPath(name, options.env, searched);
      if (found) return found;
    }
  }

  throw new BackendUnavailableError(
    options.backend,
    `The ${options.backend} backend cannot run: no usable ${options.searchNames.join(' or ')} binary. ` +
      `Looked at: ${searched.join('; ')}. Install kubectl or oc, or set ${KUBECTL_ENV} or the kubectlPath ` +
      'backend option to the binary.',
    searched,
  );
}

/** Resolves an explicit setting: a path containing a slash is used as is, a bare name is looked up on PATH. */
async function resolveSetting(
  value: string,
  env: NodeJS.ProcessEnv,
  searched: string[],
  label: string,
): Promise<string | undefined> {
  if (!value.includes(path.sep)) {
    const found = await searchPath(value, env, []);
    if (found) return found;
    searched.push(`${label} (not found on PATH)`);
    return undefined;
  }
  const absolute = path.resolve(value);
  const problem = await checkExecutable(absolute);
  if (problem === undefined) return absolute;
  searched.push(`${label} (${problem})`);
  return undefined;
}

async function searchPath(name: string, env: NodeJS.ProcessEnv, searched: string[]): Promise<string | undefined> {
  const entries = (env.PATH ?? '').split(path.delimiter).filter((entry) => entry !== '');
  if (entries.length === 0) {
    searched.push(`${name} on PATH (PATH is empty)`);
    return undefined;
  }
  for (const entry of entries) {
    const candidate = path.resolve(entry, name);
    const problem = await checkExecutable(candidate);
    if (problem === undefined) return candidate;
    searched.push(`${candidate} (${problem})`);
  }
  return undefined;
}

/** Returns undefined when `file` is an executable regular file, else why it is not. */
async function checkExecutable(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return 'not a file';
  } catch {
    return 'not found';
  }
  try {
    await access(file, constants.X_OK);
  } catch {
    return 'not executable';
  }
  return undefined;
}
