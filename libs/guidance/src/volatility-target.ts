/** What volatility targeting needs: the target, the cap, and the forecast for the window around the ETA. */
export interface VolatilityTargetInputs {
  /** Target annualised volatility of the position (0.4 = 40 %). */
  targetAnnualVolatility: number;
  /** Forecast standard deviation of one period's log return over the window around the ETA. */
  forecastPeriodVolatility: number;
  /** Periods (bars) per year of that forecast: 365 for daily bars of a market that never closes. */
  periodsPerYear: number;
  /** The largest scale allowed (1: never lever up). */
  maxScale: number;
}

/** The position's scale (1 = as it is), with the inputs it came from. */
export interface PositionScale {
  scale: number;
  /** True when the cap, not the forecast, set the scale. */
  capped: boolean;
  /** forecastPeriodVolatility · √periodsPerYear. */
  forecastAnnualVolatility: number;
  inputs: VolatilityTargetInputs;
}

/**
 * Volatility targeting: scale = min(maxScale, target / forecast annualised volatility). A forecast of zero
 * volatility gives the cap.
 *
 * @example volatilityTargetScale({ targetAnnualVolatility: 0.4, forecastPeriodVolatility: 0.05, periodsPerYear: 365, maxScale: 1 }).scale // 0.4 / (0.05·√365) ≈ 0.419
 */
export function volatilityTargetScale(inputs: VolatilityTargetInputs): PositionScale {
  const { targetAnnualVolatility, forecastPeriodVolatility, periodsPerYear, maxScale } = inputs;
  if (!(targetAnnualVolatility > 0) || !Number.isFinite(targetAnnualVolatility)) throw new RangeError(`targetAnnualVolatility must be positive, got ${targetAnnualVolatility}`);
  if (!(forecastPeriodVolatility >= 0) || !Number.isFinite(forecastPeriodVolatility)) throw new RangeError(`forecastPeriodVolatility must be non-negative, got ${forecastPeriodVolatility}`);
  if (!(periodsPerYear > 0) || !Number.isFinite(periodsPerYear)) throw new RangeError(`periodsPerYear must be positive, got ${periodsPerYear}`);
  if (!(maxScale > 0) || !Number.isFinite(maxScale)) throw new RangeError(`maxScale must be positive, got ${maxScale}`);
  const forecastAnnualVolatility = forecastPeriodVolatility * Math.sqrt(periodsPerYear);
  const uncapped = forecastAnnualVolatility > 0 ? targetAnnualVolatility / forecastAnnualVolatility : Infinity;
  return { scale: Math.min(maxScale, uncapped), capped: uncapped >= maxScale, forecastAnnualVolatility, inputs: { ...inputs } };
}

/** The parts of a `forecast.volatility.v1` payload the window's volatility comes from (structurally, no contract import). */
export interface VolatilityForecastWindow {
  input: { barSeconds: number };
  window: { variance: number; steps: number } | null;
}

const SECONDS_PER_YEAR = 365 * 86_400;

/**
 * The per-period volatility of an event-window forecast (the window's variance is the sum over its steps, so the
 * mean per step is variance / steps) and the periods per year of its bars; null for a forecast without a window.
 *
 * @example forecastWindowVolatility({ input: { barSeconds: 86_400 }, window: { variance: 0.0036, steps: 4 } }) // { periodVolatility: 0.03, periodsPerYear: 365 }
 */
export function forecastWindowVolatility(forecast: VolatilityForecastWindow): { periodVolatility: number; periodsPerYear: number } | null {
  if (forecast.window === null || forecast.window.steps <= 0) return null;
  return { periodVolatility: Math.sqrt(forecast.window.variance / forecast.window.steps), periodsPerYear: SECONDS_PER_YEAR / forecast.input.barSeconds };
}
