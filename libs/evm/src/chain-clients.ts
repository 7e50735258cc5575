import { PermanentMessageError, type HealthCheck, type MetricsService } from '@pum/platform';
import { Counter, Histogram } from 'prom-client';
import { createPublicClient, type PublicClient } from 'viem';
import type { RpcEndpoint } from './networks/rpc-endpoint';
import { chainTransport, type ChainTransportOptions } from './rpc/chain-transport';
import type { RpcPoolEvent } from './rpc/endpoint-pool';

/** A message names a chain this service has no RPC endpoints for: configure them; retrying cannot help (dead-lettered). */
export class UnknownChainError extends PermanentMessageError {
  constructor(chainId: number, known: readonly number[], hint = '') {
    super(
      `no network with chain id ${chainId} is configured here (configured: ${known.join(', ') || 'none'}); ` +
        `set CHAIN_<NAME>_RPC_ENDPOINTS for its network in CHAIN_NETWORKS_FILE${hint}`,
    );
    this.name = 'UnknownChainError';
  }
}

/** A chain to read and its endpoints; `NetworkSettings` is one. */
export interface ChainEndpoints {
  chainId: number;
  /** For health checks and logs; default `chain-<id>`. */
  name?: string;
  endpoints: readonly RpcEndpoint[];
}

/** One chain and the viem client over its endpoint pool. */
export interface ChainClient<N extends ChainEndpoints = ChainEndpoints> {
  network: N;
  client: PublicClient;
}

export interface ChainClientsOptions<N extends ChainEndpoints> {
  /** Pool settings, for every chain or per chain (ingest-chain's CHAIN_RPC_* keys); default the pool's. */
  transport?: ChainTransportOptions | ((network: N) => ChainTransportOptions);
  /** Counts pool events in `pum_rpc_events_total` and latencies in `pum_rpc_request_seconds` (by chain_id, endpoint). */
  metrics?: MetricsService;
  /** Appended to UnknownChainError's advice, e.g. a service's own override key. */
  unknownChainHint?: string;
}

/**
 * A viem public client over one chain's endpoints, retried by the one RPC policy (`shouldRetry`).
 *
 * @example const client = createChainClient(network.endpoints, { selection: 'priority', timeoutMs: 15_000 });
 */
export function createChainClient(endpoints: readonly RpcEndpoint[], options: ChainTransportOptions = {}): PublicClient {
  return createPublicClient({ transport: chainTransport(endpoints, options) });
}

/**
 * The chains a service reads, each with a viem public client over its own resilient endpoint pool
 * (failover, backoff, circuit breakers, rate limits, one retry policy). Built once per service.
 *
 * @example
 * const clients = new ChainClients(config.networks, { transport: { selection: 'priority' } });
 * const head = await clients.of(31337).getBlockNumber();
 */
export class ChainClients<N extends ChainEndpoints = ChainEndpoints> {
  private readonly byChain = new Map<number, ChainClient<N>>();
  private readonly unknownChainHint: string;

  constructor(networks: readonly N[], options: ChainClientsOptions<N> = {}) {
    this.unknownChainHint = options.unknownChainHint ?? '';
    const onEvent = options.metrics ? rpcEventCounter(options.metrics) : undefined;
    for (const network of networks) {
      const transport = typeof options.transport === 'function' ? options.transport(network) : (options.transport ?? {});
      const chainId = String(network.chainId);
      const client = createChainClient(network.endpoints, { ...transport, onEvent: onEvent && ((event) => onEvent(chainId, event)) });
      this.byChain.set(network.chainId, { network, client });
    }
  }

  get all(): ChainClient<N>[] {
    return [...this.byChain.values()];
  }

  get chainIds(): number[] {
    return [...this.byChain.keys()];
  }

  /** The client of a chain; UnknownChainError (dead-lettered) for a chain not configured here. */
  of(chainId: number): PublicClient {
    const chain = this.byChain.get(chainId);
    if (!chain) throw new UnknownChainError(chainId, this.chainIds, this.unknownChainHint);
    return chain.client;
  }
}

function rpcEventCounter(metrics: MetricsService): (chain_id: string, event: RpcPoolEvent) => void {
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
  return (chain_id, event) => {
    events.inc({ endpoint: event.endpoint, kind: event.kind, chain_id });
    if (event.kind === 'success') latency.observe({ endpoint: event.endpoint, method: event.method, chain_id }, event.durationMs / 1000);
  };
}

/** A network's RPC endpoints answer and serve the chain it is configured for. */
export class ChainRpcHealthCheck implements HealthCheck {
  readonly name: string;
  constructor(private readonly chain: ChainClient) {
    this.name = `rpc:${chainName(chain.network)}`;
  }

  async check(): Promise<void> {
    const chainId = await this.chain.client.getChainId();
    if (chainId !== this.chain.network.chainId) {
      throw new Error(`RPC of ${chainName(this.chain.network)} serves chain ${chainId}, configured chain id is ${this.chain.network.chainId}`);
    }
  }
}

function chainName(network: ChainEndpoints): string {
  return network.name ?? `chain-${network.chainId}`;
}
