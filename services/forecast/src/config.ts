import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape, registryConfigShape } from '@pum/platform';
import { z } from 'zod';

const seconds = z.coerce.number().int().positive();

export const configSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...redisConfigShape,
  ...registryConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3005),
  /** Postgres schema of the stored series. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('forecast'),
  /** Quiet time after a series' last new tick before it is refitted: a burst of ticks causes one fit. */
  FORECAST_DEBOUNCE_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  /** Least time between two fits of one series, however often its ticks arrive. */
  FORECAST_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** Worker threads for model fits: fits of different series run this many at once (1 suits a small machine). */
  FORECAST_FIT_THREADS: z.coerce.number().int().min(1).max(32).default(1),
  /** Bar length of price series: the last price in each bar is the bar's price; returns are bar to bar. */
  FORECAST_PRICE_BAR_SECONDS: seconds.default(86_400),
  /** Bar length of TVL series. */
  FORECAST_TVL_BAR_SECONDS: seconds.default(86_400),
  /** Most recent bars a fit uses. */
  FORECAST_MAX_OBSERVATIONS: z.coerce.number().int().min(20).max(20_000).default(1_000),
  /** Newest bars kept per series; older points, and all but the last point of each closed bar, are deleted (raised to FORECAST_MAX_OBSERVATIONS if lower). */
  FORECAST_RETAIN_BARS: z.coerce.number().int().min(20).max(100_000).default(2_000),
  /** Between two rounds of series housekeeping (also run at start-up); 0 turns it off. */
  FORECAST_PRUNE_INTERVAL_MS: z.coerce.number().int().min(0).max(7 * 86_400_000).default(3_600_000),
  /** Steps forecast for a series. */
  FORECAST_HORIZON: z.coerce.number().int().min(1).max(365).default(10),
  /** Steps an event-window forecast may reach (windows further ahead are not forecast). */
  FORECAST_MAX_HORIZON: z.coerce.number().int().min(1).max(2_000).default(90),
  /** Coverage of every forecast interval. */
  FORECAST_LEVEL: z.coerce.number().gt(0).lt(1).default(0.95),
  /** `auto` fits GARCH(1,1) and EGARCH(1,1) and keeps the lower AIC. */
  FORECAST_VOLATILITY_MODEL: z.enum(['auto', 'garch', 'egarch']).default('auto'),
  /** GARCH and EGARCH innovations (Student-t estimates the degrees of freedom `nu`). */
  FORECAST_DISTRIBUTION: z.enum(['normal', 'student-t']).default('normal'),
  /** Fewest returns for GARCH/EGARCH; below it RiskMetrics EWMA (λ = 0.94) is used, with the reason. */
  FORECAST_MIN_RETURNS: z.coerce.number().int().min(10).max(10_000).default(100),
  /** Fewest TVL bars for ARIMA. */
  FORECAST_MIN_TVL_OBSERVATIONS: z.coerce.number().int().min(8).max(10_000).default(20),
  /** ARIMA order search: p ≤ this and q ≤ this. */
  FORECAST_ARIMA_MAX_ORDER: z.coerce.number().int().min(0).max(5).default(3),
  /** Bars over which the liquidity regime and cross-protocol flows are measured. */
  FORECAST_LIQUIDITY_WINDOW_BARS: z.coerce.number().int().min(1).max(365).default(7),
  /** Event windows: from this long before an upgrade's ETA … */
  FORECAST_EVENT_WINDOW_BEFORE_SECONDS: z.coerce.number().int().min(0).default(86_400),
  /** … to this long after it. */
  FORECAST_EVENT_WINDOW_AFTER_SECONDS: z.coerce.number().int().min(0).default(3 * 86_400),
});

export type ForecastConfig = z.infer<typeof configSchema>;

export function loadForecastConfig(env: Record<string, string | undefined>): ForecastConfig {
  return loadConfig(configSchema, env);
}
