import { baseConfigShape, loadConfig, redisConfigShape } from '@pum/platform';
import { z } from 'zod';

export const riskEngineConfigSchema = z.object({
  ...baseConfigShape,
  ...redisConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  /** Window in which a second upgrade of the same proxy counts as a rapid succession. */
  RISK_RAPID_UPGRADE_WINDOW_SECONDS: z.coerce.number().int().positive().default(24 * 3600),
});

export type RiskEngineConfig = z.infer<typeof riskEngineConfigSchema>;

export function loadRiskEngineConfig(env: Record<string, string | undefined>): RiskEngineConfig {
  return loadConfig(riskEngineConfigSchema, env);
}
