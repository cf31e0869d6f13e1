/** Pure parts of the kube backend: URL building, upgrade error mapping, container choice, options. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePod } from '../../../src/api/pod.js';
import { KubeBackend } from '../../../src/backends/kube/index.js';
import { parseKubeOptions } from '../../../src/backends/kube/options.js';
import { createBackend } from '../../../src/backends/registry.js';
import { PodCache, choosePodContainer } from '../../../src/backends/kube/preflight.js';
import { upgradeErrorFrom } from '../../../src/backends/kube/upgrade-errors.js';
import { execUrl } from '../../../src/backends/kube/upgrade.js';
import {
  ContainerNotFoundError,
  ContainerRequiredError,
  InvalidOptionError,
  PodNotScheduledError,
  UpgradeFailedError,
} from '../../../src/core/errors.js';
import { errorStatus } from '../../../src/protocol/status.js';

const context = { pod: 'web-0', namespace: 'shop', container: undefined, command: 'ls' };

function badRequest(message: string) {
  return { httpStatus: 400, headers: {}, body: JSON.stringify(errorStatus(400, 'BadRequest', message)) };
}

test('execUrl puts one command parameter per argument', () => {
  const url = new URL(
    execUrl('https://10.0.0.1:6443/prefix/', { pod: 'web-0', namespace: 'shop', container: undefined, argv: ['sh', '-c', 'a && b=1 #x'], stdin: true, tty: false, signal: new AbortController().signal }, 'app'),
  );
  assert.equal(url.protocol, 'wss:');
  assert.equal(url.pathname, '/prefix/api/v1/namespaces/shop/pods/web-0/exec');
  assert.deepEqual(url.searchParams.getAll('command'), ['sh', '-c', 'a && b=1 #x']);
  assert.equal(url.searchParams.get('container'), 'app');
  assert.equal(url.searchParams.get('stdout'), 'true');
  assert.equal(url.searchParams.get('stderr'), 'true');
  assert.equal(url.searchParams.get('stdin'), 'true');
  assert.equal(url.searchParams.get('tty'), null);
});

test('execUrl under tty asks for no stderr', () => {
  const url = new URL(execUrl('https://h', { pod: 'p', namespace: 'n', container: undefined, argv: ['sh'], stdin: false, tty: true, signal: new AbortController().signal }, 'c'));
  assert.equal(url.searchParams.get('stderr'), null);
  assert.equal(url.searchParams.get('stdin'), null);
  assert.equal(url.searchParams.get('tty'), 'true');
});

test('400 invalid container maps to ContainerNotFoundError', () => {
  const error = upgradeErrorFrom(badRequest('container nope is not valid for pod web-0'), context, ['app', 'log'], []);
  assert.ok(error instanceof ContainerNotFoundError);
  assert.equal(error.container, 'nope');
  assert.deepEqual(error.validContainers, ['app', 'log']);
  assert.equal(error.serverMessage, 'container nope is not valid for pod web-0');
});

test('400 container required maps to ContainerRequiredError', () => {
  const error = upgradeErrorFrom(
    badRequest('a container name must be specified for pod web-0, choose one of: [app log] or one of the init containers: [init]'),
    context,
    [],
    [],
  );
  assert.ok(error instanceof ContainerRequiredError);
  assert.equal(error.code, 'PODEXEC_CONTAINER_REQUIRED');
  assert.deepEqual(error.validContainers, ['app', 'log']);
  assert.equal(
    error.message,
    'Pod web-0 (namespace shop) has several containers; choose one with the container option or -c: app, log.',
  );
});

test('400 without host maps to PodNotScheduledError', () => {
  const error = upgradeErrorFrom(badRequest('pod web-0 does not have a host assigned'), context, [], []);
  assert.ok(error instanceof PodNotScheduledError);
  assert.equal(error.httpStatus, 400);
});

test('plain-text error body is kept as the server message', () => {
  const error = upgradeErrorFrom({ httpStatus: 502, headers: {}, body: '<html>Bad Gateway</html>\n' }, context, [], []);
  assert.ok(error instanceof UpgradeFailedError);
  assert.equal(error.serverMessage, '<html>Bad Gateway</html>');
  assert.equal(error.reason, undefined);
  assert.equal(error.message, 'Exec request for pod web-0 (namespace shop) failed with HTTP 502: <html>Bad Gateway</html>');
});

function podWith(annotations: Record<string, string>, containers: string[]) {
  const pod = parsePod({
    metadata: { name: 'web-0', namespace: 'shop', annotations },
    spec: { nodeName: 'n', containers: containers.map((name) => ({ name })), ephemeralContainers: [{ name: 'debugger' }] },
    status: { phase: 'Running' },
  });
  assert.ok(pod);
  return pod;
}

test('choosePodContainer accepts ephemeral containers by name', () => {
  const choice = choosePodContainer(podWith({}, ['app']), 'debugger', context);
  assert.equal(choice.container, 'debugger');
  assert.deepEqual(choice.diagnostics, []);
  assert.deepEqual(choice.validContainers, ['app', 'debugger']);
});

test('annotation naming a missing container falls back to the first', () => {
  const choice = choosePodContainer(podWith({ 'kubectl.kubernetes.io/default-container': 'gone' }, ['app', 'log']), undefined, context);
  assert.equal(choice.container, 'app');
  assert.deepEqual(choice.diagnostics, [
    'Annotation kubectl.kubernetes.io/default-container names container "gone", which pod web-0 does not have; using the first container "app".',
    'No container given; using container "app" (the first container) of pod web-0, which has: app, log. Choose another with the container option or -c.',
  ]);
});

test('PodCache shares one lookup and drops failures', async () => {
  const cache = new PodCache(60_000);
  let loads = 0;
  const pod = podWith({}, ['app']);
  const load = async () => {
    loads += 1;
    return pod;
  };
  const results = await Promise.all([cache.get('shop', 'web-0', load), cache.get('shop', 'web-0', load)]);
  assert.equal(loads, 1);
  assert.equal(results[0], results[1]);

  let failures = 0;
  const failing = async () => {
    failures += 1;
    throw new Error('boom');
  };
  await assert.rejects(cache.get('shop', 'bad', failing));
  await assert.rejects(cache.get('shop', 'bad', failing));
  assert.equal(failures, 2);
});

test('parseKubeOptions validates protocols and durations', () => {
  assert.deepEqual(parseKubeOptions({}).protocols, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
  assert.deepEqual(parseKubeOptions({ protocols: ['v4.channel.k8s.io'] }).protocols, ['v4.channel.k8s.io']);
  assert.throws(() => parseKubeOptions({ protocols: ['channel.k8s.io'] }), (error: unknown) => {
    assert.ok(error instanceof InvalidOptionError);
    assert.equal(error.option, 'protocols');
    assert.equal(
      error.message,
      'Invalid option "protocols": expected a non-empty array of distinct names from v5.channel.k8s.io, v4.channel.k8s.io, ' +
        'received an array of length 1. Entry "channel.k8s.io" is not allowed.',
    );
    return true;
  });
  assert.throws(() => parseKubeOptions({ keepaliveIntervalMs: 1000, keepaliveTimeoutMs: 500 }), (error: unknown) => {
    assert.ok(error instanceof InvalidOptionError);
    assert.equal(error.option, 'keepaliveTimeoutMs');
    return true;
  });
  assert.throws(() => parseKubeOptions({ statusGraceMs: -1 }), InvalidOptionError);
});

test('kube and KubClient are registered', async () => {
  const connection = {
    server: 'https://127.0.0.1:1',
    contextName: 'c',
    namespace: 'team',
    ca: undefined,
    insecureSkipTlsVerify: false,
    tlsServerName: undefined,
    source: 'test',
    credentials: async () => ({}),
    invalidateCredentials: () => {},
  };
  const kube = createBackend('kube', { connection });
  const alias = createBackend('KubClient', { connection, namespace: 'other' });
  assert.ok(kube instanceof KubeBackend);
  assert.ok(alias instanceof KubeBackend);
  assert.equal(kube.name, 'kube');
  assert.equal(alias.name, 'KubClient');
  assert.equal(await kube.defaultNamespace(), 'team');
  assert.equal(await alias.defaultNamespace(), 'other');
  await kube.close();
  await alias.close();
});
