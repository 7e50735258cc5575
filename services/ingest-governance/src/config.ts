import { baseConfigShape, loadConfig } from '@pum/platform';
import { z } from 'zod';

export const configSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
});

export type IngestGovernanceConfig = z.infer<typeof configSchema>;

export function loadIngestGovernanceConfig(env: Record<string, string | undefined>): IngestGovernanceConfig {
  return loadConfig(configSchema, env);
}
