import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyKubectlError } from '../../../src/backends/kubectl/classify.js';
import {
  CommandStartError,
  ConnectError,
  ContainerNotFoundError,
  ContainerRequiredError,
  ForbiddenError,
  KubeconfigError,
  PodNotFoundError,
  PodNotRunningError,
  PodNotScheduledError,
  StreamLostError,
  UnauthorizedError,
} from '../../../src/core/errors.js';

const context = { pod: 'web-0', namespace: 'shop', container: 'app' };

test('NotFound becomes PodNotFoundError', () => {
  const error = classifyKubectlError('Error from server (NotFound): pods "web-0" not found', context);
  assert.ok(error instanceof PodNotFoundError);
  assert.equal(error.code, 'PODEXEC_POD_NOT_FOUND');
  assert.equal(error.message, 'Pod web-0 not found in namespace shop.');
  assert.equal(error.httpStatus, 404);
  assert.equal(error.reason, 'NotFound');
  assert.equal(error.serverMessage, 'pods "web-0" not found');
  assert.equal(error.pod, 'web-0');
  assert.equal(error.namespace, 'shop');
});

test('invalid container becomes ContainerNotFoundError', () => {
  const error = classifyKubectlError('Error from server (BadRequest): container app is not valid for pod web-0', context);
  assert.ok(error instanceof ContainerNotFoundError);
  assert.equal(error.code, 'PODEXEC_CONTAINER_NOT_FOUND');
  assert.equal(error.httpStatus, 400);
  assert.deepEqual(error.validContainers, []);
  assert.equal(error.container, 'app');
});

test('container choice becomes ContainerRequiredError', () => {
  const error = classifyKubectlError('Error from server (BadRequest): a container name must be specified for pod web-0, choose one of: [a b]', context);
  assert.ok(error instanceof ContainerRequiredError);
  assert.equal(error.code, 'PODEXEC_CONTAINER_REQUIRED');
  assert.deepEqual(error.validContainers, ['a', 'b']);
});

test('completed pod becomes PodNotRunningError', () => {
  const error = classifyKubectlError('error: cannot exec into a container in a completed pod; current phase is Succeeded', context);
  assert.ok(error instanceof PodNotRunningError);
  assert.equal(error.code, 'PODEXEC_POD_NOT_RUNNING');
  assert.equal(error.phase, 'Succeeded');
  assert.equal(error.message, 'Cannot exec into pod web-0 (namespace shop): its phase is Succeeded, not Running.');
});

test('unscheduled pod becomes PodNotScheduledError', () => {
  const error = classifyKubectlError('Error from server (BadRequest): pod web-0 does not have a host assigned', context);
  assert.ok(error instanceof PodNotScheduledError);
  assert.equal(error.code, 'PODEXEC_POD_NOT_SCHEDULED');
});

test('Forbidden becomes ForbiddenError', () => {
  const message = 'Error from server (Forbidden): pods "web-0" is forbidden: User "u" cannot get resource "pods/exec"';
  const error = classifyKubectlError(message, context);
  assert.ok(error instanceof ForbiddenError);
  assert.equal(error.code, 'PODEXEC_FORBIDDEN');
  assert.equal(error.httpStatus, 403);
  assert.equal(error.serverMessage, 'pods "web-0" is forbidden: User "u" cannot get resource "pods/exec"');
});

test('logged-in message becomes UnauthorizedError', () => {
  const error = classifyKubectlError('error: You must be logged in to the server (Unauthorized)', context);
  assert.ok(error instanceof UnauthorizedError);
  assert.equal(error.code, 'PODEXEC_UNAUTHORIZED');
  assert.equal(error.httpStatus, 401);
});

test('missing executable becomes CommandStartError', () => {
  const message =
    'error: Internal error occurred: error executing command in container: exec: "nope": executable file not found in $PATH';
  const error = classifyKubectlError(message, context);
  assert.ok(error instanceof CommandStartError);
  assert.equal(error.code, 'PODEXEC_COMMAND_START_FAILED');
  assert.equal(error.notFound, true);
  assert.equal(error.httpStatus, 500);
});

test('refused connection becomes ConnectError', () => {
  const error = classifyKubectlError('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?', context);
  assert.ok(error instanceof ConnectError);
  assert.equal(error.code, 'PODEXEC_CONNECT_FAILED');
  assert.equal(error.server, '127.0.0.1:1');
});

test('missing context becomes KubeconfigError', () => {
  const error = classifyKubectlError('error: context "nope" does not exist', context, '/tmp/config');
  assert.ok(error instanceof KubeconfigError);
  assert.equal(error.code, 'PODEXEC_KUBECONFIG_INVALID');
  assert.equal(error.file, '/tmp/config');
  assert.equal(error.message, 'kubectl could not use the kubeconfig: context "nope" does not exist');
});

test('unknown failure becomes StreamLostError', () => {
  const error = classifyKubectlError('error: something odd', context);
  assert.ok(error instanceof StreamLostError);
  assert.equal(error.code, 'PODEXEC_STREAM_LOST');
  assert.match(error.message, /kubectl failed: error: something odd/);
});
