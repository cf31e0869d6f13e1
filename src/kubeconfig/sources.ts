/**
 * Finds and reads kubeconfig files in kubectl's order: the explicit file, else every file listed
 * in KUBECONFIG, else ~/.kube/config.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KubeconfigError } from '../core/errors.js';
import { isEmptyDocument, type KubeconfigDocument } from './document.js';
import { parseKubeconfig } from './parse.js';

export interface KubeconfigSources {
  /** Parsed files in priority order; files that do not exist are left out. */
  documents: KubeconfigDocument[];
  /** One line per place looked at and what was found there, for NoKubeconfigError. */
  tried: string[];
}

/**
 * Reads the kubeconfig files that apply. A missing explicit file is an error; a missing file
 * listed in KUBECONFIG or a missing ~/.kube/config is skipped, as kubectl does.
 */
export async function readKubeconfigSources(explicitFile: string | undefined, env: NodeJS.ProcessEnv, useOsHome: boolean): Promise<KubeconfigSources> {
  if (explicitFile !== undefined) {
    const file = path.resolve(explicitFile);
    const text = await readConfigFile(file);
    if (text === undefined) {
      throw new KubeconfigError(`Kubeconfig file ${file} (from --kubeconfig) was not found. Check the path.`, { file });
    }
    return { documents: [parseKubeconfig(text, file)], tried: [`--kubeconfig ${file}`] };
  }

  const listed = env['KUBECONFIG'];
  if (listed !== undefined && listed !== '') {
    return readFiles(splitPathList(listed), (file) => `KUBECONFIG entry ${file}`);
  }

  const home = env['HOME'] || (useOsHome ? os.homedir() : '');
  if (!home) return { documents: [], tried: ['~/.kube/config (HOME is not set)'] };
  return readFiles([path.join(home, '.kube', 'config')], (file) => file);
}

/** Splits KUBECONFIG on the platform's list separator, dropping empty and repeated entries. */
export function splitPathList(value: string): string[] {
  const files: string[] = [];
  for (const entry of value.split(path.delimiter)) {
    if (entry === '') continue;
    const file = path.resolve(entry);
    if (!files.includes(file)) files.push(file);
  }
  return files;
}

async function readFiles(files: string[], describe: (file: string) => string): Promise<KubeconfigSources> {
  const documents: KubeconfigDocument[] = [];
  const tried: string[] = [];
  for (const file of files) {
    const text = await readConfigFile(file);
    if (text === undefined) {
      tried.push(`${describe(file)} (not found)`);
      continue;
    }
    const document = parseKubeconfig(text, file);
    tried.push(`${describe(file)}${isEmptyDocument(document) ? ' (empty)' : ''}`);
    documents.push(document);
  }
  return { documents, tried };
}

/** Returns the file's text, or undefined when it does not exist. Other read failures throw. */
async function readConfigFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new KubeconfigError(`Kubeconfig file ${file} could not be read (${code ?? String(error)}). Check its permissions.`, {
      file,
      cause: error,
    });
  }
}
