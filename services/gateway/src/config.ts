import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape, registryConfigShape } from '@pum/platform';
import { z } from 'zod';

export const gatewayConfigSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...redisConfigShape,
  /** The protocol registry behind `/api/v1/protocols` (the file ingest-chain attributes events with). */
  ...registryConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Postgres schema of the read model. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('gateway'),
  /** Allowed Socket.IO/REST CORS origins, comma-separated; `*` allows any. */
  CORS_ORIGINS: z.string().default('*'),
  /** Days of market ticks kept for `/protocols/{id}/metrics` and the 24 h change; each series' latest value is kept regardless. */
  GATEWAY_MARKET_RETAIN_DAYS: z.coerce.number().int().min(2).max(3650).default(30),
  /**
   * What the gateway holds unsent for one socket before it drops it as a slow consumer (`stream.dropped`); bounds
   * the memory a client that stops reading can take.
   */
  GATEWAY_SOCKET_BUFFER_LIMIT_BYTES: z.coerce.number().int().min(16_384).default(1_048_576),
  /** Redis read-through cache of the hot REST answers (`X-Cache`), invalidated by the Kafka messages that change them. */
  GATEWAY_CACHE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Longest a cached answer lives; invalidation usually ends it sooner. */
  GATEWAY_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Share Socket.IO rooms across gateway replicas through Redis pub/sub. */
  SOCKET_REDIS_ADAPTER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
