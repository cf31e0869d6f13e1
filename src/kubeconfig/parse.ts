/**
 * Parses the text of one kubeconfig file into a KubeconfigDocument. Only the shape (types, names,
 * base64) is checked here. Whether the selected context is usable is checked in select.ts, because
 * kubectl too ignores problems in entries it does not use.
 */
import path from 'node:path';
import { parseDocument } from 'yaml';
import { KubeconfigError } from '../core/errors.js';
import type { ClusterEntry, ContextEntry, ExecSection, KubeconfigDocument, UserEntry } from './document.js';
import {
  child,
  invalidField,
  isMap,
  readBase64,
  readBoolean,
  readList,
  readMap,
  readString,
  readStringList,
  type FieldLocation,
  type YamlMap,
} from './fields.js';

/** The cluster extension whose content exec plugins receive as `spec.cluster.config`. */
const EXEC_EXTENSION_NAME = 'client.authentication.k8s.io/exec';

/** Parses `text`, read from `file` (an absolute path), into a typed document. */
export function parseKubeconfig(text: string, file: string): KubeconfigDocument {
  const root = parseYaml(text, file);
  const location: FieldLocation = { file, path: '' };
  const folder = path.dirname(file);

  const document: KubeconfigDocument = {
    file,
    currentContext: readString(root, 'current-context', location),
    clusters: readNamedList(root, 'clusters', 'cluster', location, (entry, at, index, name) =>
      parseCluster(entry, at, { file, index, name }, folder),
    ),
    users: readNamedList(root, 'users', 'user', location, (entry, at, index, name) =>
      parseUser(entry, at, { file, index, name }, folder),
    ),
    contexts: readNamedList(root, 'contexts', 'context', location, (entry, at, index, name) => ({
      file,
      index,
      name,
      cluster: readString(entry, 'cluster', at),
      user: readString(entry, 'user', at),
      namespace: readString(entry, 'namespace', at),
    })),
  };
  return document;
}

function parseYaml(text: string, file: string): YamlMap {
  const document = parseDocument(text);
  const error = document.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    const where = line === undefined ? '' : ` at line ${line}`;
    // The library appends its own position and a source excerpt; the line number above replaces both.
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new KubeconfigError(`Invalid kubeconfig ${file}: YAML syntax error${where}: ${reason}`, {
      file,
      cause: error,
    });
  }
  const value: unknown = document.toJS();
  if (value === undefined || value === null) return {};
  if (!isMap(value)) invalidField({ file, path: '(top level)' }, 'must be a mapping of kubeconfig fields');
  return value;
}

interface NamedOrigin {
  file: string;
  index: number;
  name: string;
}

/**
 * Reads a list of `{name, <body>}` items such as `clusters`. A missing body counts as empty, and a
 * name used twice in one file is an error, as in kubectl.
 */
function readNamedList<T>(
  root: YamlMap,
  key: string,
  bodyKey: string,
  location: FieldLocation,
  parseBody: (body: YamlMap, at: FieldLocation, index: number, name: string) => T,
): T[] {
  const seen = new Map<string, number>();
  return readList(root, key, location).map((item, index) => {
    const itemLocation = child(child(location, key), index);
    if (!isMap(item)) invalidField(itemLocation, 'must be a mapping with name and ' + bodyKey);
    const name = readString(item, 'name', itemLocation);
    if (name === undefined) invalidField(child(itemLocation, 'name'), 'is missing');
    const first = seen.get(name);
    if (first !== undefined) {
      invalidField(child(itemLocation, 'name'), `"${name}" is already used by ${key}[${first}]`, 'Names must be unique within a file.');
    }
    seen.set(name, index);
    const body = readMap(item, bodyKey, itemLocation) ?? {};
    return parseBody(body, child(itemLocation, bodyKey), index, name);
  });
}

/** Resolves a file reference against the kubeconfig's folder; absolute paths stay as they are. */
function resolvePath(folder: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(folder, value);
}

function parseCluster(body: YamlMap, at: FieldLocation, origin: NamedOrigin, folder: string): ClusterEntry {
  return {
    ...origin,
    server: readString(body, 'server', at),
    certificateAuthority: resolvePath(folder, readString(body, 'certificate-authority', at)),
    certificateAuthorityData: readBase64(body, 'certificate-authority-data', at),
    insecureSkipTlsVerify: readBoolean(body, 'insecure-skip-tls-verify', at) ?? false,
    tlsServerName: readString(body, 'tls-server-name', at),
    proxyUrl: readString(body, 'proxy-url', at),
    execExtension: readExecExtension(body, at),
  };
}

function readExecExtension(body: YamlMap, at: FieldLocation): unknown {
  const extensions = readList(body, 'extensions', at);
  for (const [index, item] of extensions.entries()) {
    if (!isMap(item)) invalidField(child(child(at, 'extensions'), index), 'must be a mapping with name and extension');
    if (item['name'] === EXEC_EXTENSION_NAME) return item['extension'];
  }
  return undefined;
}

function parseUser(body: YamlMap, at: FieldLocation, origin: NamedOrigin, folder: string): UserEntry {
  const authProvider = readMap(body, 'auth-provider', at);
  const execBody = readMap(body, 'exec', at);
  return {
    ...origin,
    token: readString(body, 'token', at),
    tokenFile: resolvePath(folder, readString(body, 'tokenFile', at)),
    clientCertificate: resolvePath(folder, readString(body, 'client-certificate', at)),
    clientCertificateData: readBase64(body, 'client-certificate-data', at),
    clientKey: resolvePath(folder, readString(body, 'client-key', at)),
    clientKeyData: readBase64(body, 'client-key-data', at),
    username: readString(body, 'username', at),
    password: readString(body, 'password', at),
    authProvider: authProvider ? (readString(authProvider, 'name', child(at, 'auth-provider')) ?? '(unnamed)') : undefined,
    exec: execBody ? parseExec(execBody, child(at, 'exec'), folder) : undefined,
  };
}

function parseExec(body: YamlMap, at: FieldLocation, folder: string): ExecSection {
  const command = readString(body, 'command', at);
  const env = readList(body, 'env', at).map((item, index) => {
    const itemLocation = child(child(at, 'env'), index);
    if (!isMap(item)) invalidField(itemLocation, 'must be a mapping with name and value');
    return { name: readString(item, 'name', itemLocation), value: readString(item, 'value', itemLocation) ?? '' };
  });
  return {
    // kubectl resolves a command against the kubeconfig's folder only when it contains a slash;
    // a bare name is looked up on PATH.
    command: command !== undefined && command.includes('/') ? path.resolve(folder, command) : command,
    args: readStringList(body, 'args', at),
    env,
    apiVersion: readString(body, 'apiVersion', at),
    installHint: readString(body, 'installHint', at),
    provideClusterInfo: readBoolean(body, 'provideClusterInfo', at) ?? false,
    interactiveMode: readString(body, 'interactiveMode', at),
  };
}
