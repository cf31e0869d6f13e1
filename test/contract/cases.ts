/**
 * The contract table: every case runs against every backend through `Exec`. A case states one
 * expectation for all backends. Where a backend cannot match, `differences` gives its own
 * expectation and the reason, and docs/backends.md lists the same differences.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import type { Exec } from '../../src/exec/index.js';
import type { CommandInput } from '../../src/core/command.js';
import {
  CommandStartError,
  ContainerNotFoundError,
  PodNotFoundError,
  PodNotRunningError,
  StreamLostError,
  TimeoutError,
} from '../../src/core/errors.js';
import { digest, type Expectation } from './expectations.js';

export interface Difference {
  expect: Expectation;
  /** Why this backend cannot behave like the others. */
  reason: string;
}

export interface ContractCase {
  name: string;
  pod: string;
  /** Builds the command; called once per backend so streams and signals are fresh. */
  command: (backend: string) => CommandInput;
  expect: Expectation;
  differences?: Readonly<Record<string, Difference>>;
  /** A further check after the run, such as whether a timed-out command still runs. */
  verify?: (exec: Exec, backend: string) => Promise<void>;
}

const empty = Buffer.alloc(0);

/** A file in the pod's /tmp, unique per test process; backends run one after another and each removes it. */
const pidFile = `/tmp/podexec-contract-${process.pid}.pid`;

/** 1 MiB of random bytes, the same for every backend. */
const stdinData = randomBytes(1024 * 1024);

/** 10 MB of repeated text with line breaks, built here the way `yes | head -c` builds it remotely. */
const largeOutput = Buffer.alloc(10_000_000, '0123456789abcdef\n');

const allBytes = Buffer.from(Array.from({ length: 256 }, (_, value) => value));

/** A printf format that writes every byte value once, as three-digit octal escapes. */
const allBytesFormat = Array.from({ length: 256 }, (_, value) => `\\${value.toString(8).padStart(3, '0')}`).join('');

/** Arguments a shell would mangle if any layer joined them into a command line. */
const quotingArgv = ['printf', '%s|', 'a b', "it's", '"q"', '$(id)', '`id`', ';', '&&', '*', '\n', '-n'];

/** What the same printf writes on this machine; the quoting case must match it byte for byte. */
const localPrintf = spawnSync(quotingArgv[0] as string, quotingArgv.slice(1)).stdout;

export const CONTRACT_CASES: readonly ContractCase[] = [
  {
    name: 'echo',
    pod: 'box',
    command: () => ['echo', 'hello'],
    expect: { kind: 'result', stdout: Buffer.from('hello\n'), stderr: empty, exitCode: 0, container: 'main' },
  },
  {
    name: 'stderr and exit code 3',
    pod: 'box',
    command: () => ['sh', '-c', 'echo out; echo err >&2; exit 3'],
    expect: { kind: 'result', stdout: Buffer.from('out\n'), stderr: Buffer.from('err\n'), exitCode: 3 },
  },
  {
    name: 'error-like stderr with exit code 1',
    pod: 'box',
    command: () => ['sh', '-c', 'printf "error: not from kubectl" >&2; exit 1'],
    expect: { kind: 'result', stdout: empty, stderr: Buffer.from('error: not from kubectl'), exitCode: 1 },
  },
  {
    name: 'kill -9 gives 137',
    pod: 'box',
    command: () => ['sh', '-c', 'kill -9 $$'],
    expect: { kind: 'result', stdout: empty, stderr: empty, exitCode: 137 },
  },
  {
    name: 'stdin 1 MiB',
    pod: 'box',
    command: () => ({ cmd: ['cat'], stdin: stdinData }),
    expect: { kind: 'result', stdout: digest(stdinData), stderr: empty, exitCode: 0 },
  },
  {
    name: 'large output 10 MB',
    pod: 'box',
    command: () => ['sh', '-c', 'yes 0123456789abcdef | head -c 10000000'],
    expect: { kind: 'result', stdout: digest(largeOutput), stderr: empty, exitCode: 0 },
  },
  {
    name: 'binary bytes',
    pod: 'box',
    command: () => ['printf', allBytesFormat],
    expect: { kind: 'result', stdout: allBytes, stderr: empty, exitCode: 0 },
  },
  {
    name: 'quoting',
    pod: 'box',
    command: () => quotingArgv,
    expect: { kind: 'result', stdout: localPrintf, stderr: empty, exitCode: 0 },
  },
  {
    name: 'default container annotation',
    pod: 'duo',
    command: () => ['sh', '-c', 'echo "$WHO"'],
    expect: { kind: 'result', stdout: Buffer.from('web\n'), stderr: empty, exitCode: 0, container: 'web' },
  },
  {
    name: 'missing pod',
    pod: 'nope',
    command: () => ['true'],
    expect: {
      kind: 'error',
      errorClass: PodNotFoundError,
      code: 'PODEXEC_POD_NOT_FOUND',
      message: 'Pod nope not found in namespace default.',
      fields: { pod: 'nope', namespace: 'default', httpStatus: 404, reason: 'NotFound' },
    },
  },
  {
    name: 'unknown container',
    pod: 'duo',
    command: () => ({ cmd: ['true'], container: 'nope' }),
    expect: {
      kind: 'error',
      errorClass: ContainerNotFoundError,
      code: 'PODEXEC_CONTAINER_NOT_FOUND',
      message: 'Container nope not found in pod duo (namespace default). Valid containers: sidecar, web.',
      fields: { container: 'nope', validContainers: ['sidecar', 'web'] },
    },
  },
  {
    name: 'completed pod',
    pod: 'finished',
    command: () => ['true'],
    expect: {
      kind: 'error',
      errorClass: PodNotRunningError,
      code: 'PODEXEC_POD_NOT_RUNNING',
      message: 'Cannot exec into pod finished (namespace default): its phase is Succeeded, not Running.',
      fields: { phase: 'Succeeded' },
    },
  },
  {
    name: 'missing executable',
    pod: 'box',
    command: () => ['no-such-command'],
    expect: {
      kind: 'error',
      errorClass: CommandStartError,
      code: 'PODEXEC_COMMAND_START_FAILED',
      message: /^Command could not start in pod box \(namespace default, container main\): no-such-command\n.*executable file not found/,
      fields: { notFound: true },
    },
  },
  {
    name: 'timeout stops the command',
    pod: 'box',
    command: () => ({ cmd: ['sh', '-c', `echo $$ > ${pidFile}; exec sleep 60`], timeout: 1500 }),
    expect: {
      kind: 'error',
      errorClass: TimeoutError,
      code: 'PODEXEC_TIMEOUT',
      message: /^Command timed out after 1500 ms in pod box \(namespace default\): /,
      // The stop scans /proc twice, so a process that is still exiting may be counted twice.
      fields: { timeoutMs: 1500, 'remoteStop.stopped': true, 'remoteStop.detail': /^sent SIGKILL to [12] process(es)?$/ },
    },
    verify: async (exec, backend) => {
      const check = `if kill -0 "$(cat ${pidFile})" 2>/dev/null; then echo running; else echo stopped; fi; rm -f ${pidFile}`;
      const result = await exec.run('box', 'default', ['sh', '-c', check]);
      assert.equal(result.stdout.toString(), 'stopped\n', `${backend}: the timed-out command must not run on`);
    },
  },
  {
    name: 'lost stream after a clean close',
    pod: 'closes-early',
    command: () => ['sh', '-c', 'echo 123456789'],
    expect: { kind: 'error', errorClass: StreamLostError, code: 'PODEXEC_STREAM_LOST', message: /^Connection lost before the exit status arrived, in pod closes-early/ },
    differences: {
      kubectl: {
        expect: { kind: 'result', stdout: Buffer.from('1234'), stderr: empty, exitCode: 0 },
        reason:
          'kubectl treats a WebSocket closed without a status as success: it exits 0 with the output received so far, so the backend cannot see the loss.',
      },
    },
  },
  {
    name: 'lost stream after a dropped connection',
    pod: 'drops-early',
    command: () => ['sh', '-c', 'echo 123456789'],
    expect: { kind: 'error', errorClass: StreamLostError, code: 'PODEXEC_STREAM_LOST', message: /^Connection lost before the exit status arrived, in pod drops-early/ },
    differences: {
      kubectl: {
        expect: {
          kind: 'any-of',
          options: [
            { kind: 'error', errorClass: StreamLostError, code: 'PODEXEC_STREAM_LOST', message: /^Connection lost before the exit status arrived, in pod drops-early .*kubectl failed: error: error reading from error stream/s },
            { kind: 'result', stdout: Buffer.from('1234'), stderr: empty, exitCode: 0 },
          ],
        },
        reason:
          'kubectl reads the output and status channels concurrently; when the output reader sees the end first, kubectl exits 0 with the output so far instead of reporting the broken connection.',
      },
    },
  },
];
