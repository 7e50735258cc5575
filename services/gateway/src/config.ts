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
  /** The networks file ingest-chain follows: the networks `/api/v1/networks` lists and `/api/v1/events/{network}` knows by name. */
  CHAIN_NETWORKS_FILE: z.string().min(1).default('config/networks.yaml'),
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
