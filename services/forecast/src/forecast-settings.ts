import type { ForecastConfig } from './config';
import type { LiquiditySettings } from './forecasting/liquidity-forecaster';
import type { VolatilitySettings } from './forecasting/volatility-forecaster';

export const FORECAST_SETTINGS = Symbol('FORECAST_SETTINGS');

/** The service's forecasting settings, from its validated config. */
export interface ForecastSettings {
  volatility: VolatilitySettings;
  liquidity: LiquiditySettings;
  priceBarSeconds: number;
  tvlBarSeconds: number;
  maxObservations: number;
  /** Newest bars kept per series (never fewer than maxObservations). */
  retainBars: number;
  /** Between two housekeeping rounds; 0: none. */
  pruneIntervalMs: number;
  /** Event windows: `[eta − before, eta + after]`. */
  windowBeforeMs: number;
  windowAfterMs: number;
  debounceMs: number;
  minIntervalMs: number;
  /** Fits run at once (worker threads). */
  fitThreads: number;
}

export function forecastSettings(config: ForecastConfig): ForecastSettings {
  const common = { horizon: config.FORECAST_HORIZON, maxHorizon: Math.max(config.FORECAST_MAX_HORIZON, config.FORECAST_HORIZON), level: config.FORECAST_LEVEL };
  return {
    volatility: {
      ...common,
      model: config.FORECAST_VOLATILITY_MODEL,
      distribution: config.FORECAST_DISTRIBUTION,
      minReturns: config.FORECAST_MIN_RETURNS,
    },
    liquidity: {
      ...common,
      minObservations: config.FORECAST_MIN_TVL_OBSERVATIONS,
      maxOrder: config.FORECAST_ARIMA_MAX_ORDER,
      windowBars: config.FORECAST_LIQUIDITY_WINDOW_BARS,
    },
    priceBarSeconds: config.FORECAST_PRICE_BAR_SECONDS,
    tvlBarSeconds: config.FORECAST_TVL_BAR_SECONDS,
    maxObservations: config.FORECAST_MAX_OBSERVATIONS,
    retainBars: Math.max(config.FORECAST_RETAIN_BARS, config.FORECAST_MAX_OBSERVATIONS),
    pruneIntervalMs: config.FORECAST_PRUNE_INTERVAL_MS,
    windowBeforeMs: config.FORECAST_EVENT_WINDOW_BEFORE_SECONDS * 1000,
    windowAfterMs: config.FORECAST_EVENT_WINDOW_AFTER_SECONDS * 1000,
    debounceMs: config.FORECAST_DEBOUNCE_MS,
    minIntervalMs: config.FORECAST_MIN_INTERVAL_MS,
    fitThreads: config.FORECAST_FIT_THREADS,
  };
}
