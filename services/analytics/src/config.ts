import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape } from '@pum/platform';
import { z } from 'zod';

export const analyticsConfigSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...redisConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3007),
  /** Postgres schema of the swaps of recent blocks, the detections built on them and the last token prices. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('analytics'),
});

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export function loadAnalyticsConfig(env: Record<string, string | undefined>): AnalyticsConfig {
  return loadConfig(analyticsConfigSchema, env);
}
