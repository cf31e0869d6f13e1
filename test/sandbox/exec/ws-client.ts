/** A raw WebSocket exec client for protocol tests: records every message exactly as received. */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import type { KubeStatus } from '../../../src/protocol/index.js';
import { STATUS_CHANNEL, parseStatus } from '../../../src/protocol/index.js';

export interface ReceivedMessage {
  channel: number;
  payload: Buffer;
  isBinary: boolean;
}

export interface ExecTranscript {
  protocol: string;
  messages: ReceivedMessage[];
  stdout: Buffer;
  stderr: Buffer;
  /** The parsed status message; undefined when none arrived. */
  status: KubeStatus | undefined;
  /** Close code, or 1006 when the connection ended without a close frame. */
  closeCode: number;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface OpenExec {
  ws: WebSocket;
  /** Settles when the connection closed; recording starts before the upgrade completes. */
  transcript: Promise<ExecTranscript>;
}

/**
 * Opens an exec WebSocket and resolves once it is open. Messages are recorded from the start,
 * because the server's first messages can arrive together with the upgrade response.
 */
export function openExec(url: string, protocols: string[], options: ClientOptions = {}): Promise<OpenExec> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    const transcript = recordExec(ws);
    ws.once('open', () => resolve({ ws, transcript }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      reject(new Error(`unexpected response ${res.statusCode}`));
    });
  });
}

/** Records messages until the connection closes. */
function recordExec(ws: WebSocket): Promise<ExecTranscript> {
  const messages: ReceivedMessage[] = [];
  ws.on('message', (data, isBinary) => {
    const buffer = data as Buffer;
    messages.push({ channel: buffer[0] as number, payload: buffer.subarray(1), isBinary });
  });
  ws.on('error', () => {
    // A dropped connection also emits 'close' with 1006, which the transcript records.
  });
  return new Promise((resolve) => {
    ws.once('close', (code) => {
      const pick = (channel: number) => Buffer.concat(messages.filter((m) => m.channel === channel).map((m) => m.payload));
      const statusMessage = messages.find((m) => m.channel === STATUS_CHANNEL && m.payload.length > 0);
      resolve({
        protocol: ws.protocol,
        messages,
        stdout: pick(1),
        stderr: pick(2),
        status: statusMessage === undefined ? undefined : parseStatus(statusMessage.payload.toString('utf8')),
        closeCode: code,
      });
    });
  });
}

/** Runs one exec to the end without stdin. */
export async function runExec(url: string, protocols: string[] = ['v5.channel.k8s.io']): Promise<ExecTranscript> {
  const { transcript } = await openExec(url, protocols);
  return transcript;
}

export interface RejectedUpgrade {
  statusCode: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Attempts an upgrade that the server is expected to answer with an HTTP error. */
export function rejectedUpgrade(url: string, protocols: string[] = ['v5.channel.k8s.io']): Promise<RejectedUpgrade> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('upgrade succeeded, expected an HTTP error'));
    });
    ws.once('error', () => {
      // 'unexpected-response' carries the details; ws also reports it as an error when unhandled.
    });
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        ws.terminate();
      });
    });
  });
}
