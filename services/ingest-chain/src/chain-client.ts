import type { HealthCheck, MetricsService } from '@pum/platform';
import { Counter, Histogram } from 'prom-client';
import { createPublicClient, type PublicClient } from 'viem';
import { EndpointPool, resilientTransport, type EndpointPoolOptions } from './rpc';

export const CHAIN_CLIENT = Symbol('CHAIN_CLIENT');

/**
 * A viem public client over the resilient endpoint pool (failover, backoff, circuit breakers,
 * rate limits), with the pool's events counted in `pum_rpc_events_total{endpoint,kind}`.
 */
export function createChainClient(options: EndpointPoolOptions, metrics: MetricsService): PublicClient {
  const events = new Counter({
    name: 'pum_rpc_events_total',
    help: 'RPC pool events by endpoint (host) and kind: request, success, error, retry, failover, backoff, rate_limited, circuit_*.',
    labelNames: ['endpoint', 'kind'] as const,
    registers: [metrics.registry],
  });
  const latency = new Histogram({
    name: 'pum_rpc_request_seconds',
    help: 'Successful RPC request latency by endpoint and method.',
    labelNames: ['endpoint', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  const pool = new EndpointPool({
    ...options,
    onEvent: (event) => {
      events.inc({ endpoint: event.endpoint, kind: event.kind });
      if (event.kind === 'success') latency.observe({ endpoint: event.endpoint, method: event.method }, event.durationMs / 1000);
    },
  });
  return createPublicClient({ transport: resilientTransport(pool) });
}

/** The RPC endpoints answer and serve the chain we were configured for. */
export class ChainRpcHealthCheck implements HealthCheck {
  readonly name = 'rpc';
  constructor(
    private readonly client: PublicClient,
    private readonly expectedChainId: number,
  ) {}

  async check(): Promise<void> {
    const chainId = await this.client.getChainId();
    if (chainId !== this.expectedChainId) {
      throw new Error(`RPC serves chain ${chainId}, configured CHAIN_ID is ${this.expectedChainId}`);
    }
  }
}
