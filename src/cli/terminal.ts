/** The local terminal during a TTY session: raw mode, size forwarding, and restoring both. */

/**
 * Puts stdin in raw mode and forwards the terminal size now and on every SIGWINCH. Returns the
 * function that restores the previous mode and stops forwarding; calling it twice is harmless.
 */
export function attachTerminal(resize: (columns: number, rows: number) => void): () => void {
  const { stdin, stdout } = process;
  const wasRaw = stdin.isTTY === true && stdin.isRaw;
  if (stdin.isTTY) stdin.setRawMode(true);

  const sendSize = (): void => {
    if (stdout.columns && stdout.rows) resize(stdout.columns, stdout.rows);
  };
  sendSize();
  process.on('SIGWINCH', sendSize);

  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    process.off('SIGWINCH', sendSize);
    if (stdin.isTTY) stdin.setRawMode(wasRaw);
  };
}
