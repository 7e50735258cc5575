import { MetricsService } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';

/**
 * The gateway's Socket.IO metrics: `pum_gateway_sockets` (clients connected to this replica) and
 * `pum_gateway_socket_pushes_total{event}` (messages broadcast to their channels' rooms, once per message).
 */
@Injectable()
export class SocketMetrics {
  private readonly pushes: Counter<'event'>;
  private connected: () => number = () => 0;

  constructor(metrics: MetricsService) {
    const count = (): number => this.connected();
    new Gauge({
      name: 'pum_gateway_sockets',
      help: 'Socket.IO clients connected to this gateway replica.',
      registers: [metrics.registry],
      collect() {
        this.set(count());
      },
    });
    this.pushes = new Counter({
      name: 'pum_gateway_socket_pushes_total',
      help: 'Messages pushed to Socket.IO rooms, by event (protocol.event, risk.assessment, market.update, alert, …).',
      labelNames: ['event'],
      registers: [metrics.registry],
    });
  }

  /** Where the connected count comes from (the Socket.IO server, once it exists). */
  countWith(connected: () => number): void {
    this.connected = connected;
  }

  pushed(event: string): void {
    this.pushes.inc({ event });
  }
}
