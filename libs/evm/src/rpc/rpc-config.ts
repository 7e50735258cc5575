import { z } from 'zod';
import { chainNetworksConfigShape } from '../networks/networks-config';
import type { EndpointPoolOptions, RpcEndpointConfig } from './endpoint-pool';

/**
 * The RPC pool's settings, to spread into a service's config schema like `baseConfigShape`.
 *
 * @example
 * CHAIN_RPC_ENDPOINTS='[{"url":"https://a.example/v2/KEY","weight":3,"rateLimitPerSecond":25},{"url":"http://127.0.0.1:8545"}]'
 */
export const rpcPoolConfigShape = {
  /** JSON array of endpoints of the single-chain override (CHAIN_ID); without it, CHAIN_RPC_URL. The same key as in chainNetworksConfigShape. */
  CHAIN_RPC_ENDPOINTS: chainNetworksConfigShape.CHAIN_RPC_ENDPOINTS,
  /** Attempts per RPC call across all endpoints, the first included. */
  CHAIN_RPC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Wall-clock budget per RPC call, backoff and rate-limit waits included. */
  CHAIN_RPC_MAX_TOTAL_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  CHAIN_RPC_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(100),
  CHAIN_RPC_BACKOFF_CAP_MS: z.coerce.number().int().min(1).default(5_000),
  /** Consecutive retryable failures that open an endpoint's circuit. */
  CHAIN_RPC_CIRCUIT_FAILURES: z.coerce.number().int().min(1).default(5),
  /** How long an open circuit stays open before one probe request is let through. */
  CHAIN_RPC_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(100).default(30_000),
};

/** The parsed RPC pool settings; a service config that spreads `rpcPoolConfigShape` is one. */
export type RpcPoolConfig = z.infer<z.ZodObject<typeof rpcPoolConfigShape>>;

/**
 * Pool options for one network's endpoints, with the retry, backoff and circuit settings every
 * network shares.
 *
 * @example new EndpointPool({ ...endpointPoolOptionsFromConfig(config, network.endpoints), onEvent })
 */
export function endpointPoolOptionsFromConfig(config: RpcPoolConfig, endpoints: RpcEndpointConfig[]): EndpointPoolOptions {
  return {
    endpoints,
    maxAttempts: config.CHAIN_RPC_MAX_ATTEMPTS,
    maxTotalMs: config.CHAIN_RPC_MAX_TOTAL_MS,
    backoff: { baseMs: config.CHAIN_RPC_BACKOFF_BASE_MS, capMs: config.CHAIN_RPC_BACKOFF_CAP_MS },
    circuit: { failureThreshold: config.CHAIN_RPC_CIRCUIT_FAILURES, cooldownMs: config.CHAIN_RPC_CIRCUIT_COOLDOWN_MS },
  };
}
