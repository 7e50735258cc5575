import { z } from 'zod';

/** One RPC endpoint, as in the networks file, CHAIN_RPC_ENDPOINTS and CHAIN_<NAME>_RPC_ENDPOINTS. */
export const rpcEndpointSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    /** Name in errors, logs and metrics; default the URL's host (the path may hold an API key). */
    name: z.string().min(1).optional(),
    /** Relative share of requests (a `weighted` pool: ingest-chain), or priority (a `priority` pool: the other services' failover order); default 1. */
    weight: z.number().positive().optional(),
    /** Requests per second this endpoint may receive from one service; enforced by its endpoint pool. */
    rateLimitPerSecond: z.number().int().positive().optional(),
    /** Per-attempt timeout. */
    timeoutMs: z.number().int().min(1).max(120_000).optional(),
  })
  .strict();
export type RpcEndpoint = z.infer<typeof rpcEndpointSchema>;

/**
 * A JSON array of endpoints in an env value (CHAIN_RPC_ENDPOINTS, CHAIN_<NAME>_RPC_ENDPOINTS).
 *
 * @example rpcEndpointList.parse('[{"url":"https://a.example/v2/KEY","weight":3},{"url":"https://b.example"}]')
 */
export const rpcEndpointList = z
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
