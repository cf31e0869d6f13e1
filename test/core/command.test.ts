import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { normalizeCommand } from '../../src/core/command.js';
import { InvalidOptionError } from '../../src/core/errors.js';

/** Asserts that `input` is rejected for `option` with exactly `message`. */
function assertInvalid(input: unknown, option: string, message: string): void {
  assert.throws(() => normalizeCommand(input), (error: unknown) => {
    assert.ok(error instanceof InvalidOptionError);
    assert.equal(error.code, 'PODEXEC_INVALID_OPTION');
    assert.equal(error.option, option);
    assert.equal(error.message, message);
    return true;
  });
}

describe('normalizeCommand defaults', () => {
  it('turns an argv array into a command', () => {
    const command = normalizeCommand(['echo', 'hi']);
    assert.deepEqual(command.argv, ['echo', 'hi']);
    assert.equal(command.text, 'echo hi');
    assert.equal(command.wait, true);
    assert.equal(command.checkExitCode, false);
    assert.deepEqual(command.okExitCodes, [0]);
    assert.equal(command.buffer, true);
    assert.equal(command.maxBuffer, 128 * 1024 * 1024);
    assert.equal(command.retries, 2);
    assert.equal(command.tty, false);
    assert.equal(command.stoppable, false);
    assert.deepEqual(command.stdin, { kind: 'none' });
    assert.equal(command.timeout, undefined);
    assert.equal(command.container, undefined);
  });

  it('runs a string through sh -c', () => {
    const command = normalizeCommand("echo 'a b' | wc -c");
    assert.deepEqual(command.argv, ['sh', '-c', "echo 'a b' | wc -c"]);
    assert.equal(command.text, `sh -c 'echo '\\''a b'\\'' | wc -c'`);
  });

  it('wraps env variables without a shell', () => {
    const command = normalizeCommand({ cmd: ['printenv', 'A'], env: { A: 'x y', B_2: '' } });
    assert.deepEqual(command.argv, ['env', 'A=x y', 'B_2=', 'printenv', 'A']);
    assert.equal(command.text, `env 'A=x y' B_2= printenv A`);
  });

  it('marks runs with timeout, signal or wait false as stoppable', () => {
    assert.equal(normalizeCommand({ cmd: ['true'], timeout: 5 }).stoppable, true);
    assert.equal(normalizeCommand({ cmd: ['true'], signal: new AbortController().signal }).stoppable, true);
    assert.equal(normalizeCommand({ cmd: ['true'], wait: false }).stoppable, true);
  });

  it('converts stdin strings and bytes to a Buffer', () => {
    assert.deepEqual(normalizeCommand({ cmd: ['cat'], stdin: 'é' }).stdin, { kind: 'data', data: Buffer.from([0xc3, 0xa9]) });
    const bytes = new Uint8Array([1, 2, 3]).subarray(1);
    assert.deepEqual(normalizeCommand({ cmd: ['cat'], stdin: bytes }).stdin, { kind: 'data', data: Buffer.from([2, 3]) });
    const stream = Readable.from([]);
    assert.deepEqual(normalizeCommand({ cmd: ['cat'], stdin: stream }).stdin, { kind: 'stream', stream });
    assert.deepEqual(normalizeCommand({ cmd: ['cat'], stdin: true, wait: false }).stdin, { kind: 'handle' });
  });

  it('masks secrets in the command text only', () => {
    const command = normalizeCommand({ cmd: ['login', '--token=s3cr3t', 's3cr3t'], env: { TOKEN: 's3cr3t' }, secrets: ['s3cr3t'] });
    assert.deepEqual(command.argv, ['env', 'TOKEN=s3cr3t', 'login', '--token=s3cr3t', 's3cr3t']);
    assert.equal(command.text, `env 'TOKEN=***' login '--token=***' '***'`);
  });
});

describe('normalizeCommand validation messages', () => {
  it('rejects a command of the wrong type', () => {
    assertInvalid(42, 'command', 'Invalid option "command": expected a command object, an argv array or a command string, received number 42.');
    assertInvalid(null, 'command', 'Invalid option "command": expected a command object, an argv array or a command string, received null.');
  });

  it('rejects an invalid cmd', () => {
    const expected = 'a non-empty argv array of strings or a non-empty command string';
    assertInvalid({}, 'cmd', `Invalid option "cmd": expected ${expected}, received undefined.`);
    assertInvalid([], 'cmd', `Invalid option "cmd": expected ${expected}, received an array of length 0.`);
    assertInvalid('', 'cmd', `Invalid option "cmd": expected ${expected}, received the string "".`);
    assertInvalid({ cmd: 7 }, 'cmd', `Invalid option "cmd": expected ${expected}, received number 7.`);
    assertInvalid(['ls', 3], 'cmd[1]', 'Invalid option "cmd[1]": expected a string, received number 3.');
    assertInvalid(['ls', 'a\0b'], 'cmd[1]', 'Invalid option "cmd[1]": expected a string without NUL characters, received the string "a\\u0000b".');
    assertInvalid('a\0b', 'cmd', 'Invalid option "cmd": expected a string without NUL characters, received the string "a\\u0000b".');
    assertInvalid(['', 'x'], 'cmd[0]', 'Invalid option "cmd[0]": expected a non-empty executable name, received the string "".');
  });

  it('rejects an executable name with "=" behind env', () => {
    assertInvalid({ cmd: ['A=b', 'x'], timeout: 10 }, 'cmd[0]',
      'Invalid option "cmd[0]": expected an executable name without "=" when env, timeout, signal or wait: false is set, ' +
      'received the string "A=b". These settings run the command through env, which would take the name for a variable assignment.');
    assert.deepEqual(normalizeCommand(['A=b']).argv, ['A=b']);
  });

  it('rejects an invalid timeout', () => {
    const message = (shown: string): string =>
      `Invalid option "timeout": expected a positive number of milliseconds up to 2147483647, received ${shown}.`;
    assertInvalid({ cmd: ['x'], timeout: 0 }, 'timeout', message('number 0'));
    assertInvalid({ cmd: ['x'], timeout: -1 }, 'timeout', message('number -1'));
    assertInvalid({ cmd: ['x'], timeout: Infinity }, 'timeout', message('number Infinity'));
    assertInvalid({ cmd: ['x'], timeout: 2 ** 31 }, 'timeout', message('number 2147483648'));
    assertInvalid({ cmd: ['x'], timeout: '5s' }, 'timeout', message('the string "5s"'));
  });

  it('rejects an invalid signal', () => {
    assertInvalid({ cmd: ['x'], signal: new AbortController() }, 'signal',
      'Invalid option "signal": expected an AbortSignal, received an object of type AbortController.');
  });

  for (const option of ['wait', 'checkExitCode', 'buffer', 'tty']) {
    it(`rejects a non-boolean ${option}`, () => {
      assertInvalid({ cmd: ['x'], [option]: 'yes' }, option, `Invalid option "${option}": expected a boolean, received the string "yes".`);
    });
  }

  it('rejects invalid okExitCodes', () => {
    assertInvalid({ cmd: ['x'], okExitCodes: [] }, 'okExitCodes',
      'Invalid option "okExitCodes": expected a non-empty array of exit codes, received an array of length 0.');
    assertInvalid({ cmd: ['x'], okExitCodes: 1 }, 'okExitCodes',
      'Invalid option "okExitCodes": expected a non-empty array of exit codes, received number 1.');
    assertInvalid({ cmd: ['x'], okExitCodes: [0, 256] }, 'okExitCodes[1]',
      'Invalid option "okExitCodes[1]": expected an integer from 0 to 255, received number 256.');
    assertInvalid({ cmd: ['x'], okExitCodes: [1.5] }, 'okExitCodes[0]',
      'Invalid option "okExitCodes[0]": expected an integer from 0 to 255, received number 1.5.');
  });

  for (const option of ['onStdout', 'onStderr']) {
    it(`rejects a non-function ${option}`, () => {
      assertInvalid({ cmd: ['x'], [option]: true }, option,
        `Invalid option "${option}": expected a function (chunk: Buffer) => void, received boolean true.`);
    });
  }

  for (const option of ['stdout', 'stderr']) {
    it(`rejects a non-stream ${option}`, () => {
      assertInvalid({ cmd: ['x'], [option]: Readable.from([]) }, option,
        `Invalid option "${option}": expected a Writable stream, received an object of type Readable.`);
      assert.ok(normalizeCommand({ cmd: ['x'], [option]: new PassThrough() })[option as 'stdout']);
    });
  }

  it('rejects an invalid maxBuffer', () => {
    assertInvalid({ cmd: ['x'], maxBuffer: 0 }, 'maxBuffer', 'Invalid option "maxBuffer": expected a positive integer number of bytes, received number 0.');
    assertInvalid({ cmd: ['x'], maxBuffer: 1.5 }, 'maxBuffer', 'Invalid option "maxBuffer": expected a positive integer number of bytes, received number 1.5.');
  });

  it('rejects an invalid container', () => {
    assertInvalid({ cmd: ['x'], container: 'Web_1' }, 'container',
      'Invalid option "container": expected a container name (lowercase letters, digits and "-", at most 63 characters), received the string "Web_1".');
  });

  it('rejects an invalid stdin', () => {
    assertInvalid({ cmd: ['x'], stdin: 5 }, 'stdin', 'Invalid option "stdin": expected a Buffer, a string or a Readable stream, received number 5.');
    assertInvalid({ cmd: ['x'], stdin: true }, 'stdin',
      'Invalid option "stdin": expected a Buffer, a string or a Readable stream, received boolean true. ' +
      'stdin: true needs wait: false, because only the returned handle exposes the stdin stream.');
  });

  it('rejects an invalid env', () => {
    assertInvalid({ cmd: ['x'], env: ['A=1'] }, 'env', 'Invalid option "env": expected an object mapping variable names to strings, received an array of length 1.');
    assertInvalid({ cmd: ['x'], env: { '1A': 'x' } }, 'env',
      'Invalid option "env": expected variable names matching ^[A-Za-z_][A-Za-z0-9_]*$, received the string "1A".');
    assertInvalid({ cmd: ['x'], env: { 'A B': 'x' } }, 'env',
      'Invalid option "env": expected variable names matching ^[A-Za-z_][A-Za-z0-9_]*$, received the string "A B".');
    assertInvalid({ cmd: ['x'], env: { A: 1 } }, 'env.A', 'Invalid option "env.A": expected a string, received number 1.');
    assertInvalid({ cmd: ['x'], env: { A: 'p\0w', }, secrets: ['p'] }, 'env.A',
      'Invalid option "env.A": expected a string without NUL characters, received the string "***\\u0000w".');
  });

  it('rejects invalid secrets', () => {
    assertInvalid({ cmd: ['x'], secrets: 'pw' }, 'secrets', 'Invalid option "secrets": expected an array of non-empty strings, received the string "pw".');
    assertInvalid({ cmd: ['x'], secrets: ['pw', ''] }, 'secrets[1]', 'Invalid option "secrets[1]": expected a non-empty string, received the string "".');
    assertInvalid({ cmd: ['x'], secrets: [5] }, 'secrets[0]', 'Invalid option "secrets[0]": expected a non-empty string, received number 5.');
  });

  it('rejects invalid retries', () => {
    assertInvalid({ cmd: ['x'], retries: -1 }, 'retries', 'Invalid option "retries": expected an integer from 0 to 10, received number -1.');
    assertInvalid({ cmd: ['x'], retries: 11 }, 'retries', 'Invalid option "retries": expected an integer from 0 to 10, received number 11.');
  });

  it('rejects an unknown field and suggests the intended one', () => {
    assertInvalid({ cmd: ['x'], timout: 5 }, 'timout',
      'Invalid option "timout": expected a known command field, received number 5. Did you mean "timeout"?');
    assertInvalid({ cmd: ['x'], checkExitcode: true }, 'checkExitcode',
      'Invalid option "checkExitcode": expected a known command field, received boolean true. Did you mean "checkExitCode"?');
    assertInvalid({ cmd: ['x'], color: 'red' }, 'color',
      'Invalid option "color": expected a known command field, received the string "red". Known fields: cmd, timeout, signal, ' +
      'wait, checkExitCode, okExitCodes, onStdout, onStderr, stdout, stderr, buffer, maxBuffer, container, stdin, tty, env, secrets, retries.');
  });

  it('masks secrets in the received value', () => {
    assertInvalid({ cmd: ['x'], secret: 'hunter2', secrets: ['hunter2'] }, 'secret',
      'Invalid option "secret": expected a known command field, received the string "***". Did you mean "secrets"?');
  });
});
