/**
 * Channel numbers and subprotocol names of the Kubernetes WebSocket exec protocol. Every message
 * is one channel byte followed by the payload.
 */

export const STDIN_CHANNEL = 0;
export const STDOUT_CHANNEL = 1;
export const STDERR_CHANNEL = 2;
/** Server to client: one JSON `Status` object when the command ends or fails to start. */
export const STATUS_CHANNEL = 3;
/** Client to server: JSON terminal size such as `{"Width":80,"Height":24}`. */
export const RESIZE_CHANNEL = 4;
/** Client to server, v5 only: the payload is one byte naming the channel to close. */
export const CLOSE_CHANNEL = 255;

export const V5_PROTOCOL = 'v5.channel.k8s.io';
export const V4_PROTOCOL = 'v4.channel.k8s.io';

/** Subprotocols podexec offers and serves, preferred first. v1–v3 report no status on success. */
export const SUPPORTED_PROTOCOLS: readonly string[] = [V5_PROTOCOL, V4_PROTOCOL];

/** Servers drop a connection on a frame above this size (32 MiB). */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;

/** Size of each stdin message podexec sends; far below the frame limit so memory stays flat. */
export const STDIN_CHUNK_BYTES = 256 * 1024;

/** Prefixes `payload` with its channel byte. */
export function encodeFrame(channel: number, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const frame = Buffer.allocUnsafe(body.length + 1);
  frame[0] = channel;
  frame.set(body, 1);
  return frame;
}

export interface DecodedFrame {
  channel: number;
  payload: Buffer;
}

/** Splits a message into channel and payload; returns undefined for an empty message. */
export function decodeFrame(message: Buffer): DecodedFrame | undefined {
  if (message.length === 0) return undefined;
  return { channel: message[0] as number, payload: message.subarray(1) };
}

/** The v5 message that closes stdin: `[255, 0]`. */
export function encodeStdinClose(): Buffer {
  return Buffer.from([CLOSE_CHANNEL, STDIN_CHANNEL]);
}

export function encodeResize(width: number, height: number): Buffer {
  return encodeFrame(RESIZE_CHANNEL, JSON.stringify({ Width: width, Height: height }));
}
