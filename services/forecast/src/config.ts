import { baseConfigShape, loadConfig } from '@pum/platform';
import { z } from 'zod';

export const configSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3005),
});

export type ForecastConfig = z.infer<typeof configSchema>;

export function loadForecastConfig(env: Record<string, string | undefined>): ForecastConfig {
  return loadConfig(configSchema, env);
}
