import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape } from '@pum/platform';
import { z } from 'zod';

export const analyticsConfigSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...redisConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3007),
  /** Postgres schema of the swaps of recent blocks, the detections built on them and the last token prices. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('analytics'),
  /** What ranks smart-money traders: `classifier` (it beat the score on held-out data, docs/analytics.md) or `score`. */
  SMART_MONEY_RANKER: z.enum(['classifier', 'score']).default('classifier'),
  /** Traders per published ranking. */
  SMART_MONEY_TOP: z.coerce.number().int().min(1).max(200).default(20),
  /** One publishing round of the changed rankings per interval. */
  SMART_MONEY_PUBLISH_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
});

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export function loadAnalyticsConfig(env: Record<string, string | undefined>): AnalyticsConfig {
  return loadConfig(analyticsConfigSchema, env);
}
