import { baseConfigShape, loadConfig } from '@pum/platform';
import { z } from 'zod';

export const configSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
});

export type IngestMarketConfig = z.infer<typeof configSchema>;

export function loadIngestMarketConfig(env: Record<string, string | undefined>): IngestMarketConfig {
  return loadConfig(configSchema, env);
}
