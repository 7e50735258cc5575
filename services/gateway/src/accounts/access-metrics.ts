import { MetricsService } from '@pum/platform';
import { Counter } from 'prom-client';

export type AccessOutcome = 'allowed' | 'unauthorized' | 'forbidden' | 'rate_limited';
export type SocketOutcome = 'admitted' | 'unauthorized' | 'connection_limit';

/** Counters of the access checks, in the service's registry (served on /metrics). */
export class AccessMetrics {
  readonly requests: Counter<'outcome' | 'credential'>;
  readonly sockets: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    this.requests = new Counter({
      name: 'pum_gateway_requests_total',
      help: 'REST requests by access outcome (allowed, unauthorized, forbidden, rate_limited) and credential (api_key, jwt, anonymous, invalid).',
      labelNames: ['outcome', 'credential'] as const,
      registers: [metrics.registry],
    });
    this.sockets = new Counter({
      name: 'pum_gateway_socket_handshakes_total',
      help: 'Socket.IO handshakes by outcome (admitted, unauthorized, connection_limit).',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
  }
}
