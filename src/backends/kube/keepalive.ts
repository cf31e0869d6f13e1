/**
 * WebSocket pings on an open exec connection, and detection of a peer that stopped answering
 * (a dead node or a load balancer that dropped the connection without a reset).
 */
import type { WebSocket } from 'ws';

export interface KeepaliveSettings {
  intervalMs: number;
  timeoutMs: number;
  /**
   * True while the session paused the socket for flow control. Pongs cannot be read then, so
   * silence during a pause does not count against the peer.
   */
  isPaused(): boolean;
  /** Called once when no pong or message arrived for `timeoutMs`. */
  onDead(detail: string): void;
}

export interface Keepalive {
  /** Records that the peer sent something. */
  markAlive(): void;
  stop(): void;
}

/** Starts pinging `socket` every `intervalMs`; the timer does not keep the process alive by itself. */
export function startKeepalive(socket: WebSocket, settings: KeepaliveSettings): Keepalive {
  let lastAlive = Date.now();
  const markAlive = () => {
    lastAlive = Date.now();
  };
  socket.on('pong', markAlive);

  const timer = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    if (settings.isPaused()) {
      markAlive();
      return;
    }
    const silentMs = Date.now() - lastAlive;
    if (silentMs >= settings.timeoutMs) {
      clearInterval(timer);
      settings.onDead(`no response to keepalive pings for ${(silentMs / 1000).toFixed(1)} s`);
      return;
    }
    socket.ping();
  }, settings.intervalMs);
  timer.unref();

  return {
    markAlive,
    stop: () => {
      clearInterval(timer);
      socket.off('pong', markAlive);
    },
  };
}
