/** One step of a volatility forecast. */
export interface VolatilityForecastPoint {
  /** Steps ahead (1 = next period). */
  step: number;
  /** Forecast conditional variance of the return (in squared return units). */
  variance: number;
  /** sqrt(variance). */
  volatility: number;
  /** Lower bound of the central prediction interval for the return. */
  lower: number;
  /** Upper bound of the central prediction interval for the return. */
  upper: number;
}

/** Common options of the volatility models. */
export interface VolatilityForecastOptions {
  /** Number of steps to forecast (default 10). */
  horizon?: number;
  /** Central interval coverage in (0, 1) (default 0.95). */
  level?: number;
}

/** Validates horizon/level options and returns the defaults applied. */
export function resolveForecastOptions(options: VolatilityForecastOptions): { horizon: number; level: number } {
  const horizon = options.horizon ?? 10;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(horizon) || horizon < 0 || horizon > 10_000) {
    throw new RangeError(`horizon must be an integer in [0, 10000], got ${String(horizon)}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${String(level)}`);
  return { horizon, level };
}
