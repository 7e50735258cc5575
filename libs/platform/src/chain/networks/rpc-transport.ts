import { fallback, http, type Transport } from 'viem';
import type { RpcEndpoint } from './rpc-endpoint';

export interface RpcTransportOptions {
  /** Per-attempt timeout of an endpoint without its own `timeoutMs`; default viem's 10 s. */
  timeoutMs?: number;
  /** Rounds over the endpoints after the first (viem retries only what can pass: timeouts, 429, 5xx); default 3. */
  retryCount?: number;
  /** Base delay between rounds, growing exponentially; default 200 ms. */
  retryDelay?: number;
}

/**
 * A viem transport over a network's endpoints for services that read a chain now and then (market
 * pools and feeds, Governor state): viem's `fallback` tries the endpoints in order of weight, highest
 * first (file order among equals), and moves to the next on a failure that another endpoint could
 * answer; a revert is thrown at once. Weights become a priority, not a share of the traffic: these
 * services send a few calls a poll, so failover matters and load spreading does not, and viem's
 * maintained transport does it without our own pool. Rate limits (`rateLimitPerSecond`) are enforced
 * only by ingest-chain's endpoint pool, which carries the bulk of the traffic.
 *
 * @example createPublicClient({ transport: rpcTransport(network.endpoints, { timeoutMs: 15_000 }) })
 */
export function rpcTransport(endpoints: readonly RpcEndpoint[], options: RpcTransportOptions = {}): Transport {
  if (endpoints.length === 0) throw new Error('rpcTransport: no endpoints');
  const byPriority = [...endpoints].sort((a, b) => (b.weight ?? 1) - (a.weight ?? 1)); // stable: file order among equals
  // Each endpoint is tried once per round; the fallback retries whole rounds.
  const transports = byPriority.map((endpoint) => http(endpoint.url, { timeout: endpoint.timeoutMs ?? options.timeoutMs, retryCount: 0 }));
  return fallback(transports, { retryCount: options.retryCount ?? 3, retryDelay: options.retryDelay ?? 200 });
}
