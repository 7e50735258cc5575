import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape } from '@pum/platform';
import { z } from 'zod';

const ms = (max: number) => z.coerce.number().int().min(0).max(max);

/** `a.example.com, 127.0.0.1, 10.0.0.0/8` → trimmed entries. */
const hostList = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[a-z0-9.:_\-[\]/]+$/, 'expected host names, IP addresses or CIDR ranges')));

export const alertsConfigSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...redisConfigShape,
  /**
   * Firing waits on Postgres (a transaction of row locks per message), and is safe across partitions (the same locks
   * keep two replicas apart): six partitions at once took bench:alerts from p50 327 ms / p99 1,489 ms at 100 events/s
   * to 12 / 59 ms, and a burst from 127 to 191 alerts/s (bench/alerts/README.md).
   */
  KAFKA_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(6),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3006),
  /** Postgres schema of rules, subjects, alerts and the delivery outbox. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('alerts'),
  /** Prefixed to an alert's link path (`/upgrades/{id}`) in messages: the gateway's public API URL. */
  ALERTS_LINK_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000/api/v1'),
  /**
   * Hosts, addresses or CIDR ranges outbound deliveries may reach although they are loopback, private,
   * link-local, CGNAT or metadata addresses (refused by default: SSRF). Empty: none.
   */
  ALERTS_ALLOWED_HOSTS: hostList.default([]),
  /** Per delivery attempt: connect, send and read the answer. */
  ALERTS_DELIVERY_TIMEOUT_MS: ms(120_000).default(5_000),
  /** Largest answer read from a receiver; the rest is dropped. */
  ALERTS_MAX_RESPONSE_BYTES: z.coerce.number().int().min(256).max(10_485_760).default(65_536),
  /** Attempts per delivery, the first included; then it is marked failed. */
  ALERTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** The first retry waits up to this long (full jitter), doubling each retry up to the cap. */
  ALERTS_RETRY_BASE_MS: ms(3_600_000).default(1_000),
  ALERTS_RETRY_CAP_MS: ms(86_400_000).default(300_000),
  /** Longest Retry-After honoured. */
  ALERTS_RETRY_AFTER_CAP_MS: ms(86_400_000).default(600_000),
  /** How often the outbox is polled (a fire in this instance wakes it at once). */
  ALERTS_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** Deliveries one instance sends at once. */
  ALERTS_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** A claimed delivery whose instance died is claimed again after this long. */
  ALERTS_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * Price and TVL history kept per series for `price_move` / `tvl_change` windows (counted back from the series'
   * latest tick). Keep it at least GATEWAY_MARKET_RETAIN_DAYS: the gateway accepts windows up to that long.
   */
  ALERTS_MARKET_RETAIN_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  /** How often an instance looks for ETA timers that came due (`etaWithinHours`); a timer fires at most this late. */
  ALERTS_TIMER_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** Bot API base URL (a test server, or a local Bot API server). */
  TELEGRAM_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  /** `smtp://user:pass@host:587` or `smtps://…:465`; unset, email deliveries fail with the reason. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  ALERTS_EMAIL_FROM: z.string().min(3).default('Protocol Upgrade Monitor <alerts@pum.invalid>'),
});

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;

export function loadAlertsConfig(env: Record<string, string | undefined>): AlertsConfig {
  return loadConfig(alertsConfigSchema, env);
}
