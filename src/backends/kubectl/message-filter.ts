/**
 * Separates kubectl's own messages from the command's output on the stream kubectl shares with the
 * command (stderr, or the terminal under a TTY). kubectl writes notes at the start (client-go log
 * lines, `Warning:` lines, the default-container note) and one line at the end: either
 * `command terminated with exit code N` for a remote non-zero exit, or its own error. The filter
 * moves leading notes into diagnostics and holds back the last line until kubectl's exit code
 * tells which case it is.
 */
import { Readable } from 'node:stream';

/**
 * A leading line that kubectl wrote about itself rather than the command.
 * NOTE: a command whose stderr starts with a line of this form loses that line to diagnostics.
 */
const NOTE_PATTERNS: readonly RegExp[] = [
  // client-go log lines: severity letter, MMDD, time, thread id, file:line]
  /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s+\d+ [^\]\s]+:\d+\] /,
  /^Warning: /,
  /^Defaulted container "[^"]*" out of: /,
  /^Unable to use a TTY - /,
];

/** The line kubectl appends after a remote non-zero exit; under a TTY it ends with CR LF. */
const EXIT_TRAILER = /command terminated with exit code (\d{1,3})\r?\n$/;

/** Starts of the lines kubectl writes when it fails itself. */
const ERROR_START =
  /(error: |Error from server|Unable to connect to the server|The connection to the server |You must be logged in|Internal error occurred)/;

/** Bytes of the newest output held back when no line break arrives; longer than any kubectl line. */
const MAX_HELD_BYTES = 16 * 1024;

export type FilterOutcome =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'kubectl-failed'; exitCode: number; message: string };

export class KubectlMessageFilter extends Readable {
  /** kubectl's leading notes, in order, without line ends. */
  readonly notes: string[] = [];
  private inPrologue = true;
  private pendingTail: Buffer = Buffer.alloc(0);
  private onDrain: (() => void) | undefined;

  /** `onDrain` is called when a consumer wants more after `accept` returned false. */
  constructor(onDrain?: () => void) {
    super();
    this.onDrain = onDrain;
  }

  override _read(): void {
    this.onDrain?.();
  }

  /** Takes a chunk from kubectl; returns false when the consumer is full and the source should pause. */
  accept(chunk: Buffer): boolean {
    this.pendingTail = this.pendingTail.length === 0 ? chunk : Buffer.concat([this.pendingTail, chunk]);
    if (this.inPrologue) this.takeNotes();
    if (this.inPrologue) return true;
    return this.releaseAllButLastLine();
  }

  /**
   * Ends the stream once kubectl exited with `exitCode`, and returns whether the command exited
   * (with which code) or kubectl failed (with its message, removed from the output).
   */
  finish(exitCode: number): FilterOutcome {
    const rest = this.pendingTail;
    this.pendingTail = Buffer.alloc(0);
    const text = rest.toString('latin1');
    let outcome: FilterOutcome;
    if (exitCode === 0) {
      this.pushNonEmpty(rest);
      outcome = { kind: 'exited', exitCode: 0 };
    } else {
      const trailer = EXIT_TRAILER.exec(text);
      if (trailer && Number(trailer[1]) === exitCode) {
        this.pushNonEmpty(rest.subarray(0, trailer.index));
        outcome = { kind: 'exited', exitCode };
      } else {
        const { output, message } = splitErrorLine(rest, text);
        this.pushNonEmpty(output);
        outcome = { kind: 'kubectl-failed', exitCode, message };
      }
    }
    this.push(null);
    return outcome;
  }

  /** Ends the stream with everything received, for a session closed before kubectl exited. */
  abandon(): void {
    const rest = this.pendingTail;
    this.pendingTail = Buffer.alloc(0);
    this.pushNonEmpty(rest);
    this.push(null);
  }

  /** Moves complete leading note lines into `notes`; the first other line ends the prologue. */
  private takeNotes(): void {
    for (;;) {
      const newline = this.pendingTail.indexOf(0x0a);
      if (newline === -1) {
        if (this.pendingTail.length > MAX_HELD_BYTES) this.inPrologue = false;
        return;
      }
      const line = this.pendingTail.subarray(0, newline).toString('utf8').replace(/\r$/, '');
      if (!NOTE_PATTERNS.some((pattern) => pattern.test(line))) {
        this.inPrologue = false;
        return;
      }
      this.notes.push(line);
      this.pendingTail = this.pendingTail.subarray(newline + 1);
    }
  }

  /** Pushes everything before the last line; a line without a break is held up to MAX_HELD_BYTES. */
  private releaseAllButLastLine(): boolean {
    const searchFrom = this.pendingTail.length - (this.pendingTail.at(-1) === 0x0a ? 2 : 1);
    const previousBreak = searchFrom < 0 ? -1 : this.pendingTail.lastIndexOf(0x0a, searchFrom);
    let keepFrom = previousBreak + 1;
    if (this.pendingTail.length - keepFrom > MAX_HELD_BYTES) keepFrom = this.pendingTail.length - MAX_HELD_BYTES;
    if (keepFrom === 0) return true;
    const release = this.pendingTail.subarray(0, keepFrom);
    this.pendingTail = this.pendingTail.subarray(keepFrom);
    return this.push(release);
  }

  private pushNonEmpty(chunk: Buffer): void {
    if (chunk.length > 0) this.push(chunk);
  }
}

/**
 * Splits the held tail into the command's output and kubectl's error line. The error may follow
 * output that did not end with a line break, so its start is searched within the last line.
 */
function splitErrorLine(rest: Buffer, text: string): { output: Buffer; message: string } {
  const body = text.replace(/\r?\n$/, '');
  const lineStart = body.lastIndexOf('\n') + 1;
  const match = ERROR_START.exec(body.slice(lineStart));
  const errorStart = lineStart + (match ? match.index : 0);
  const message = Buffer.from(body.slice(errorStart), 'latin1').toString('utf8').trim();
  return { output: rest.subarray(0, errorStart), message };
}
