import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape, registryConfigShape } from '@pum/platform';
import { alertChannel, type AlertChannelType } from '@pum/contracts';
import { z } from 'zod';

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(fallback)
    .transform((value) => value === 'true');
const limit = (fallback: number) => z.coerce.number().int().min(1).max(10_000_000).default(fallback);
const CHANNEL_TYPES = alertChannel.options.map((option) => option.shape.type.value);
/** A comma list of alert channel types (`webhook,slack`), each known; the distinct ones, in the contract's order. */
const channels = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .refine((types) => types.every((type) => (CHANNEL_TYPES as string[]).includes(type)), { message: `expected a comma list of ${CHANNEL_TYPES.join(', ')}` })
    .transform((types) => CHANNEL_TYPES.filter((type) => types.includes(type)) as AlertChannelType[]);

export const gatewayConfigSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...redisConfigShape,
  /** The protocol registry behind `/api/v1/protocols` (the file ingest-chain attributes events with). */
  ...registryConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Postgres schema of the read model. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('gateway'),
  /** The built dashboard served at `/` (apps/dashboard/build.sh; relative to the working directory); empty: none. */
  GATEWAY_DASHBOARD_DIR: z.string().default('apps/dashboard/dist'),
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
  /** Largest request body (JSON or form) the REST API reads, in bytes; a larger one is refused with 413. */
  GATEWAY_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(102_400),
  /** Longest a cached answer lives; invalidation usually ends it sooner. */
  GATEWAY_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** The networks file ingest-chain follows: the networks `/api/v1/networks` lists and `/api/v1/events/{network}` knows by name. */
  CHAIN_NETWORKS_FILE: z.string().min(1).default('config/networks.yaml'),
  /** Share Socket.IO rooms across gateway replicas through Redis pub/sub. */
  SOCKET_REDIS_ADAPTER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Requests without credentials get the free tier, limited by client IP; `false` answers them 401 (sockets: connect_error). */
  GATEWAY_ANONYMOUS_ACCESS: flag('true'),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For is believed: `false`, `true` (all: the leftmost
   * address), or a hop count (e.g. `1` behind one load balancer). The client IP anonymous limits count by.
   */
  GATEWAY_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'expected true, false or a hop count')
    .default('false')
    .transform((value) => (value === 'true' ? true : value === 'false' ? false : Number(value))),
  /** HS256 secret of JWT bearer tokens (at least 32 characters); with the JWKS URL, HS256 tokens use it and the rest the JWKS. */
  GATEWAY_JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** An OIDC provider's JWKS (e.g. `https://issuer/.well-known/jwks.json`) for RS/PS/ES/EdDSA tokens. */
  GATEWAY_JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Required `iss` and `aud` of JWTs; both must be set when JWTs are enabled. */
  GATEWAY_JWT_ISSUER: z.string().min(1).optional(),
  GATEWAY_JWT_AUDIENCE: z.string().min(1).optional(),
  /** Claim naming the caller's tier (free, basic, pro, enterprise); absent means free. The user is `sub`. */
  GATEWAY_JWT_TIER_CLAIM: z.string().min(1).default('tier'),
  /** Claim holding the caller's role: `admin` (a string, or in a list) opens /api/v1/admin. */
  GATEWAY_JWT_ROLE_CLAIM: z.string().min(1).default('role'),
  GATEWAY_JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /** Per-tier limits: REST requests a minute (per user, or per IP when anonymous), concurrent sockets, alert rules. */
  GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE: limit(60),
  GATEWAY_TIER_FREE_SOCKET_CONNECTIONS: limit(2),
  GATEWAY_TIER_FREE_ALERT_RULES: limit(3),
  GATEWAY_TIER_BASIC_REQUESTS_PER_MINUTE: limit(300),
  GATEWAY_TIER_BASIC_SOCKET_CONNECTIONS: limit(10),
  GATEWAY_TIER_BASIC_ALERT_RULES: limit(25),
  GATEWAY_TIER_PRO_REQUESTS_PER_MINUTE: limit(1200),
  GATEWAY_TIER_PRO_SOCKET_CONNECTIONS: limit(50),
  GATEWAY_TIER_PRO_ALERT_RULES: limit(100),
  GATEWAY_TIER_ENTERPRISE_REQUESTS_PER_MINUTE: limit(6000),
  GATEWAY_TIER_ENTERPRISE_SOCKET_CONNECTIONS: limit(500),
  GATEWAY_TIER_ENTERPRISE_ALERT_RULES: limit(1000),
  /** The channels a tier's alert rules may deliver to (comma lists of webhook, slack, discord, telegram, email). */
  GATEWAY_TIER_FREE_ALERT_CHANNELS: channels('webhook'),
  GATEWAY_TIER_BASIC_ALERT_CHANNELS: channels('webhook,slack,discord'),
  GATEWAY_TIER_PRO_ALERT_CHANNELS: channels('webhook,slack,discord,telegram,email'),
  GATEWAY_TIER_ENTERPRISE_ALERT_CHANNELS: channels('webhook,slack,discord,telegram,email'),
  /**
   * How often the gateway re-publishes alert rules whose latest write is not yet on alerts.rules.v1 (a publish that
   * failed, or a gateway that stopped between the database write and the publish); also done at start.
   */
  GATEWAY_ALERT_RULES_REPUBLISH_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
}).superRefine((config, context) => {
  const jwt = config.GATEWAY_JWT_SECRET !== undefined || config.GATEWAY_JWT_JWKS_URL !== undefined;
  for (const key of ['GATEWAY_JWT_ISSUER', 'GATEWAY_JWT_AUDIENCE'] as const) {
    if (jwt && config[key] === undefined) context.addIssue({ code: 'custom', path: [key], message: 'required when GATEWAY_JWT_SECRET or GATEWAY_JWT_JWKS_URL is set' });
  }
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
