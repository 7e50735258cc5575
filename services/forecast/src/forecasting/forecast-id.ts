import { createHash } from 'node:crypto';

/**
 * Deterministic forecast id: the readable parts, then a digest of everything the result depends on
 * (input values, settings). A recompute over the same data gets the same id, so consumers upsert;
 * a corrected tick or a changed setting gets a new one.
 *
 * @example forecastId(['volatility', 'series', key, '2026-01-01T00:00:00.000Z'], { values, settings })
 */
export function forecastId(parts: readonly string[], dependsOn: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(dependsOn)).digest('hex').slice(0, 16);
  return [...parts, digest].join(':');
}
