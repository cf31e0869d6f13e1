/** Reads manifest files and folders and splits them into YAML documents. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ManifestError } from '../errors.js';
import type { ManifestDocument } from './fields.js';

/** Source name used for YAML given as text rather than read from a file. */
export const INLINE_SOURCE = 'inline';

/** Reads every path: files as they are, folders as their *.yaml and *.yml files in name order. */
export async function readManifestPaths(paths: readonly string[]): Promise<ManifestDocument[]> {
  const documents: ManifestDocument[] = [];
  for (const path of paths) {
    for (const file of await expandPath(path)) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new ManifestError(file, 0, '', `cannot read the file: ${(error as Error).message}`);
      }
      documents.push(...parseManifestText(text, file));
    }
  }
  return documents;
}

async function expandPath(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ManifestError(path, 0, '', code === 'ENOENT' ? 'no such file or folder' : `cannot read it: ${(error as Error).message}`);
  }
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(path, name));
}

/** Splits YAML text into documents, skipping empty ones; a syntax error names the line. */
export function parseManifestText(text: string, source: string): ManifestDocument[] {
  const documents: ManifestDocument[] = [];
  for (const [index, document] of parseAllDocuments(text).entries()) {
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new ManifestError(source, index, '', `invalid YAML${line === undefined ? '' : ` at line ${line}`}: ${error.message.split('\n')[0]}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    documents.push({ source, index, value });
  }
  return documents;
}
