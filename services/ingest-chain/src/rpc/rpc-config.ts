import { z } from 'zod';
import type { EndpointPoolOptions, RpcEndpointConfig } from './endpoint-pool';

const rpcEndpointSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    name: z.string().min(1).optional(),
    weight: z.number().positive().optional(),
    rateLimitPerSecond: z.number().int().positive().optional(),
    timeoutMs: z.number().int().min(1).max(120_000).optional(),
  })
  .strict();

const rpcEndpointList = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON array of {url, weight?, rateLimitPerSecond?, timeoutMs?, name?}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(rpcEndpointSchema).min(1));

/**
 * The RPC pool's settings, to spread into a service's config schema like `baseConfigShape`.
 *
 * @example
 * CHAIN_RPC_ENDPOINTS='[{"url":"https://a.example/v2/KEY","weight":3,"rateLimitPerSecond":25},{"url":"http://127.0.0.1:8545"}]'
 */
export const rpcPoolConfigShape = {
  /** JSON array of endpoints; without it, the service's single CHAIN_RPC_URL. */
  CHAIN_RPC_ENDPOINTS: rpcEndpointList.optional(),
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
 * Pool options from a parsed config: the endpoint list, or else the single `fallbackUrl`.
 *
 * @example new EndpointPool({ ...endpointPoolOptionsFromConfig(config, config.CHAIN_RPC_URL), onEvent })
 */
export function endpointPoolOptionsFromConfig(config: RpcPoolConfig, fallbackUrl: string): EndpointPoolOptions {
  const endpoints: RpcEndpointConfig[] = config.CHAIN_RPC_ENDPOINTS ?? [{ url: fallbackUrl }];
  return {
    endpoints,
    maxAttempts: config.CHAIN_RPC_MAX_ATTEMPTS,
    maxTotalMs: config.CHAIN_RPC_MAX_TOTAL_MS,
    backoff: { baseMs: config.CHAIN_RPC_BACKOFF_BASE_MS, capMs: config.CHAIN_RPC_BACKOFF_CAP_MS },
    circuit: { failureThreshold: config.CHAIN_RPC_CIRCUIT_FAILURES, cooldownMs: config.CHAIN_RPC_CIRCUIT_COOLDOWN_MS },
  };
}
