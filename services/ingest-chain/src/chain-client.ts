import { PermanentMessageError, type HealthCheck, type MetricsService } from '@pum/platform';
import { Counter, Histogram } from 'prom-client';
import { createPublicClient, type PublicClient } from 'viem';
import type { NetworkSettings } from '@pum/platform';
import { EndpointPool, resilientTransport, type EndpointPoolOptions } from './rpc';

/** A raw log of a chain this instance does not follow: another deployment's, or a misrouted message. */
export class UnknownChainError extends PermanentMessageError {
  constructor(chainId: number, known: readonly number[]) {
    super(`no network with chain id ${chainId} is configured here (configured: ${known.join(', ')})`);
    this.name = 'UnknownChainError';
  }
}

/** One network and the viem client over its resilient endpoint pool. */
export interface ChainClient {
  network: NetworkSettings;
  client: PublicClient;
}

/**
 * The networks this instance follows, each with a viem public client over its own resilient endpoint
 * pool (failover, backoff, circuit breakers, rate limits); the pools' events are counted in
 * `pum_rpc_events_total{chain_id,endpoint,kind}`.
 */
export class ChainClients {
  private readonly byChain = new Map<number, ChainClient>();

  constructor(networks: readonly NetworkSettings[], poolOptions: (network: NetworkSettings) => EndpointPoolOptions, metrics: MetricsService) {
    const events = new Counter({
      name: 'pum_rpc_events_total',
      help: 'RPC pool events by chain, endpoint (host) and kind: request, success, error, retry, failover, backoff, rate_limited, circuit_*.',
      labelNames: ['endpoint', 'kind', 'chain_id'] as const,
      registers: [metrics.registry],
    });
    const latency = new Histogram({
      name: 'pum_rpc_request_seconds',
      help: 'Successful RPC request latency by chain, endpoint and method.',
      labelNames: ['endpoint', 'method', 'chain_id'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
    for (const network of networks) {
      const chain_id = String(network.chainId);
      const pool = new EndpointPool({
        ...poolOptions(network),
        onEvent: (event) => {
          events.inc({ endpoint: event.endpoint, kind: event.kind, chain_id });
          if (event.kind === 'success') latency.observe({ endpoint: event.endpoint, method: event.method, chain_id }, event.durationMs / 1000);
        },
      });
      this.byChain.set(network.chainId, { network, client: createPublicClient({ transport: resilientTransport(pool) }) });
    }
  }

  get all(): ChainClient[] {
    return [...this.byChain.values()];
  }

  /** The client of a chain; UnknownChainError (dead-lettered) for a chain not configured here. */
  of(chainId: number): PublicClient {
    const chain = this.byChain.get(chainId);
    if (!chain) throw new UnknownChainError(chainId, [...this.byChain.keys()]);
    return chain.client;
  }
}

/** A network's RPC endpoints answer and serve the chain it is configured for. */
export class ChainRpcHealthCheck implements HealthCheck {
  readonly name: string;
  constructor(private readonly chain: ChainClient) {
    this.name = `rpc:${chain.network.name}`;
  }

  async check(): Promise<void> {
    const chainId = await this.chain.client.getChainId();
    if (chainId !== this.chain.network.chainId) {
      throw new Error(`RPC of ${this.chain.network.name} serves chain ${chainId}, configured chain id is ${this.chain.network.chainId}`);
    }
  }
}
