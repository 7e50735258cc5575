import { z } from 'zod';

/** Thrown at start-up when configuration is invalid; lists every bad key at once. Not retryable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses environment-style configuration against a zod schema, failing fast with every problem listed.
 * This and the services' own `config.ts` files are the only places that read `process.env`.
 *
 * @example
 * const config = loadConfig(z.object({ HTTP_PORT: z.coerce.number() }), process.env);
 */
export function loadConfig<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  // Empty strings mean "unset" (docker-compose and shells produce them for blank values).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}
