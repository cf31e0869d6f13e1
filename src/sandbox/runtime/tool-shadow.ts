/**
 * Hides `missingTools` from a namespaced container, for scripts as well as for argv[0]. Every PATH
 * directory that contains one of them is covered, inside the container's mount namespace only, by
 * a prepared host directory: symlinks `NAME -> .podexec-hidden/NAME` for every other entry, and
 * `.podexec-hidden` itself becomes a bind mount of the original directory. A bind mount over each
 * tool's file would also hide it, but such a file could not be deleted or replaced inside the pod.
 */
import { existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the entry, inside a covered directory, where the original directory stays reachable. */
export const HIDDEN_ENTRY = '.podexec-hidden';

export interface ShadowedDirectory {
  /** Directory as the container sees it, with symlinks resolved (on Debian /bin is /usr/bin). */
  directory: string;
  /** Prepared host directory mounted over `directory`. */
  shadow: string;
}

/**
 * Prepares a shadow for every directory of `searchPath` that contains a missing tool. Entries added to
 * the real directory after this call do not appear in the pod.
 */
export function prepareToolShadows(
  missingTools: readonly string[],
  searchPath: string,
  stateDir: string,
): ShadowedDirectory[] {
  if (missingTools.length === 0) {
    return [];
  }
  const shadows: ShadowedDirectory[] = [];
  for (const directory of realDirectories(searchPath)) {
    const entries = readdirSync(directory);
    if (!entries.some((entry) => missingTools.includes(entry))) {
      continue;
    }
    const shadow = join(stateDir, `shadow-${shadows.length}`);
    mkdirSync(join(shadow, HIDDEN_ENTRY), { recursive: true, mode: 0o755 });
    for (const entry of entries) {
      if (!missingTools.includes(entry) && entry !== HIDDEN_ENTRY) {
        symlinkSync(`${HIDDEN_ENTRY}/${entry}`, join(shadow, entry));
      }
    }
    shadows.push({ directory, shadow });
  }
  return shadows;
}

/** Returns where `program` will be reachable inside the container once `shadows` are mounted. */
export function pathAfterShadowing(program: string, shadows: readonly ShadowedDirectory[]): string | undefined {
  const real = realpathSync(program);
  const covering = shadows.find((shadowed) => real.startsWith(`${shadowed.directory}/`));
  return covering === undefined ? undefined : join(covering.directory, HIDDEN_ENTRY, real.slice(covering.directory.length + 1));
}

/** Existing directories of `searchPath`, symlinks resolved, each once, in PATH order. */
function realDirectories(searchPath: string): string[] {
  const directories: string[] = [];
  for (const entry of searchPath.split(':')) {
    if (!entry.startsWith('/') || !existsSync(entry)) {
      continue;
    }
    const real = realpathSync(entry);
    if (!directories.includes(real)) {
      directories.push(real);
    }
  }
  return directories;
}
