/** The writable side of an exec session: stdin as channel-0 messages with backpressure. */
import { Writable } from 'node:stream';
import { debuglog } from 'node:util';
import { WebSocket } from 'ws';
import { STDIN_CHANNEL, STDIN_CHUNK_BYTES, V5_PROTOCOL, encodeFrame, encodeStdinClose } from '../../protocol/channels.js';

const log = debuglog('podexec');

/** Above this many bytes queued on the socket, a write waits until the queue is flushed. */
const SOCKET_HIGH_WATER_BYTES = 1024 * 1024;

export interface StdinHooks {
  /** Called once when the caller ends stdin without v5, which cannot close stdin alone. */
  onCloseUnsupported(): void;
}

/**
 * Creates the stdin stream of a session. Writes after the connection closed are discarded,
 * because the command has ended or the exit promise already reports the lost connection.
 */
export function createStdin(socket: WebSocket, hooks: StdinHooks): Writable {
  let discarded = 0;
  const isOpen = () => socket.readyState === WebSocket.OPEN;

  return new Writable({
    highWaterMark: STDIN_CHUNK_BYTES,
    write(chunk: Buffer, _encoding, callback) {
      if (!isOpen()) {
        discarded += chunk.length;
        log('exec stdin: connection closed, %d bytes discarded so far', discarded);
        callback();
        return;
      }
      // Each message stays far below the 32 MiB frame limit of API servers.
      for (let offset = 0; offset < chunk.length; offset += STDIN_CHUNK_BYTES) {
        const last = offset + STDIN_CHUNK_BYTES >= chunk.length;
        const frame = encodeFrame(STDIN_CHANNEL, chunk.subarray(offset, offset + STDIN_CHUNK_BYTES));
        if (!last) {
          socket.send(frame);
        } else if (socket.bufferedAmount + frame.length <= SOCKET_HIGH_WATER_BYTES) {
          socket.send(frame);
          callback();
        } else {
          // The send callback runs once this frame, and so every frame before it, reached the kernel.
          socket.send(frame, () => callback());
        }
      }
      if (chunk.length === 0) callback();
    },
    final(callback) {
      if (!isOpen()) {
        callback();
        return;
      }
      if (socket.protocol === V5_PROTOCOL) {
        log('exec stdin: sending close of channel 0');
        socket.send(encodeStdinClose(), () => callback());
        return;
      }
      hooks.onCloseUnsupported();
      callback();
    },
  });
}
