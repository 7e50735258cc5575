import { custom, type CustomTransport } from 'viem';
import type { EndpointPool } from './endpoint-pool';
import { sendJsonRpc, type JsonRpcCall } from './json-rpc-http';

/**
 * A viem transport that sends every request through `pool`: weighted endpoints, failover, retries with
 * backoff on retryable errors only, circuit breakers and rate limits, over plain fetch with a timeout
 * per attempt. viem's own retries are off — the pool decides. Errors reach the caller wrapped by viem;
 * `findRpcError(error)` gets the RpcError that says what to do.
 *
 * @example
 * const pool = new EndpointPool({ endpoints: [{ url: 'https://a.example', weight: 3, rateLimitPerSecond: 25 }] });
 * const client = createPublicClient({ transport: resilientTransport(pool) });
 * const logs = await client.getLogs({ fromBlock: 1n, toBlock: 100n });
 */
export function resilientTransport(pool: EndpointPool): CustomTransport {
  return custom(
    {
      async request(call: JsonRpcCall, options?: { signal?: AbortSignal }): Promise<unknown> {
        const signal = options?.signal;
        return pool.execute(call.method, (target) => sendJsonRpc(target.url, call, { ...target, signal }), signal);
      },
    },
    { key: 'resilient', name: 'Resilient JSON-RPC', retryCount: 0 },
  );
}
