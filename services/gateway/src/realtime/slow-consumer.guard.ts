import type { SlowConsumerNotice } from '@pum/contracts';
import { MetricsService } from '@pum/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { Socket } from 'socket.io';

/** DI token of the per-socket buffer limit, in bytes. */
export const SOCKET_BUFFER_LIMIT = Symbol('SOCKET_BUFFER_LIMIT');

/** How long a dropped socket gets to take its notice and close before its connection is cut. */
const CLOSE_GRACE_MS = 1_000;

/** The parts of engine.io's connection the guard reads (untyped internals of engine.io 6 and ws 8). */
interface EngineConnection {
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush' | 'close', listener: () => void): void;
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
}

/**
 * Bounds what the gateway holds for one socket, so a client that stops reading can never grow the gateway's memory
 * or delay the others (a broadcast is written to each socket's own buffer; nothing waits on a slow one).
 *
 * Written by hand: Socket.IO has no per-socket limit. engine.io queues packets in the connection's write buffer while
 * its transport is not writable, and the WebSocket (ws) holds what the kernel has not taken; the guard adds both —
 * the queued packets' encoded length, counted as they are created and reset when they are flushed to the transport,
 * and ws's `bufferedAmount` — and, past the limit, tells the client why (`stream.dropped`) and disconnects it.
 */
@Injectable()
export class SlowConsumerGuard {
  private readonly logger = new Logger(SlowConsumerGuard.name);
  private readonly dropped: Counter<'reason'>;

  constructor(
    @Inject(SOCKET_BUFFER_LIMIT) private readonly limitBytes: number,
    metrics: MetricsService,
  ) {
    this.dropped = new Counter({
      name: 'pum_gateway_sockets_dropped_total',
      help: 'Sockets disconnected by the gateway, by reason (slow_consumer: more than the per-socket buffer limit unsent).',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
  }

  watch(socket: Socket): void {
    const conn = socket.conn as unknown as EngineConnection;
    let queued = 0;
    let dropping = false;
    conn.on('flush', () => {
      queued = 0;
    });
    conn.on('packetCreate', (packet) => {
      if (dropping) return;
      queued += typeof packet.data === 'string' ? packet.data.length : packet.data instanceof Buffer ? packet.data.byteLength : 0;
      const buffered = queued + (conn.transport?.socket?.bufferedAmount ?? 0);
      if (buffered <= this.limitBytes) return;
      dropping = true;
      this.drop(socket, conn, buffered);
    });
  }

  private drop(socket: Socket, conn: EngineConnection, bufferedBytes: number): void {
    this.dropped.inc({ reason: 'slow_consumer' });
    this.logger.warn({ msg: 'slow socket dropped', socket_id: socket.id, buffered_bytes: bufferedBytes, limit_bytes: this.limitBytes });
    const notice: SlowConsumerNotice = { reason: 'slow_consumer', bufferedBytes, limitBytes: this.limitBytes };
    // Deferred: the packet being created is still on its way into the buffer, and the broadcast goes on to others.
    setImmediate(() => {
      socket.emit('stream.dropped', notice);
      socket.disconnect(true);
      // A client that reads nothing never completes the close handshake: cut it, freeing what it held.
      const cut = setTimeout(() => conn.transport?.socket?.terminate?.(), CLOSE_GRACE_MS);
      cut.unref();
      conn.on('close', () => clearTimeout(cut));
    });
  }
}
