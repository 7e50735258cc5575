import type { CustomTransport } from 'viem';
import type { RpcEndpoint } from '../networks/rpc-endpoint';
import { EndpointPool, type EndpointPoolOptions } from './endpoint-pool';
import { resilientTransport } from './resilient-transport';

/** The pool settings of one chain's transport; `endpoints` (if present) is ignored, the chain's own are used. */
export interface ChainTransportOptions extends Omit<EndpointPoolOptions, 'endpoints'> {
  /** Per-attempt timeout of an endpoint without its own `timeoutMs`; default the pool's 10 s. */
  timeoutMs?: number;
}

/**
 * The viem transport of one chain: its endpoints behind an EndpointPool, so every service that reads
 * a chain retries by the same rule (`shouldRetry`: timeouts, 429, 5xx, connection failures; never a
 * revert or invalid params). `selection: 'weighted'` (default) spreads calls by weight, for bulk
 * reads; `selection: 'priority'` is plain failover (highest weight first), for a few reads a poll.
 *
 * @example createPublicClient({ transport: chainTransport(network.endpoints, { selection: 'priority', timeoutMs: 15_000 }) })
 */
export function chainTransport(endpoints: readonly RpcEndpoint[], options: ChainTransportOptions = {}): CustomTransport {
  const { timeoutMs, ...pool } = options;
  const withTimeouts = endpoints.map((endpoint) => (endpoint.timeoutMs === undefined && timeoutMs !== undefined ? { ...endpoint, timeoutMs } : endpoint));
  return resilientTransport(new EndpointPool({ ...pool, endpoints: withTimeouts }));
}
