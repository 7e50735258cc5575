import type { ForecastVolatility } from '@pum/contracts';
import {
  adfTest,
  fitVolatility,
  logReturns,
  normalQuantile,
  type GarchDistribution,
  type VolatilityCandidate,
  type VolatilityResult,
} from '@pum/timeseries';
import { finiteOrNull, inputWindow, planFit, scoped, type CoveredWindow, type FitRequest } from './forecast-scope';

export interface VolatilitySettings {
  model: 'auto' | 'garch' | 'egarch';
  distribution: GarchDistribution;
  /** Fewest returns for GARCH/EGARCH (EWMA below). */
  minReturns: number;
  horizon: number;
  maxHorizon: number;
  level: number;
}

type Estimates = ForecastVolatility['estimates'];
type StandardErrors = ForecastVolatility['standardErrors'];

/**
 * The fit the service runs on a price series; exported so tests and the quant CLI can reproduce
 * a published forecast from the same bars.
 *
 * @example fitPrices(prices, settings, 10).forecast[0].volatility
 */
export function fitPrices(prices: readonly number[], settings: VolatilitySettings, horizon: number): VolatilityResult {
  return fitVolatility(prices, {
    input: 'prices',
    model: settings.model,
    distribution: settings.distribution,
    minObservations: settings.minReturns,
    horizon,
    level: settings.level,
  });
}

/**
 * Volatility forecasts of one price series: the series forecast and one per open upgrade window,
 * all from a single fit (its horizon reaches the furthest window). Never throws on bad data: a
 * degenerate series gives model `none` with the reason.
 */
export function forecastVolatility(request: FitRequest, settings: VolatilitySettings): ForecastVolatility[] {
  const { clock, covered, fitHorizon } = planFit(request, settings.horizon, settings.maxHorizon);
  const prices = request.bars.values;
  const fit = fitPrices(prices, settings, fitHorizon);
  const { stationarity, warning } = stationarityOf(prices);
  const input = { ...inputWindow(request, clock), returns: Math.max(0, prices.length - 1) };
  const described = describe(fit);
  const points = fit.forecast.map((point) => ({ ...point, at: clock.stepStart(point.step) }));
  const base = {
    series: request.series,
    input,
    stationarity,
    requestedModel: settings.model,
    model: fit.model,
    distribution: fit.model === 'garch' || fit.model === 'egarch' ? fit.distribution : null,
    fallbackReason: fit.reason,
    warnings: warning === null ? fit.warnings : [...fit.warnings, warning],
    ...described,
    candidates: fit.candidates.map(candidateOf),
    level: fit.level,
  };
  const dependsOn = { prices, settings, firstBucket: request.bars.firstBucket, barSeconds: request.barSeconds };
  const scope = (window: CoveredWindow | null) => scoped('volatility', request.series, input.to, dependsOn, points, settings.horizon, window);
  const seriesForecast: ForecastVolatility = { ...base, ...scope(null), window: null };
  if (fit.model === 'none') return [seriesForecast];
  const mu = fit.model === 'ewma' ? fit.params.mean : fit.params.mu;
  return [
    seriesForecast,
    ...covered.map((window): ForecastVolatility => ({ ...base, ...scope(window), window: windowSummary(points, window, mu, settings.level) })),
  ];
}

/**
 * The cumulative log return over the window's steps: returns are serially uncorrelated under a
 * constant-mean GARCH-type model, so their variances add; the interval is normal (a sum of
 * several returns is close to normal whatever the innovations).
 */
function windowSummary(points: { step: number; variance: number }[], window: CoveredWindow, mu: number, level: number): ForecastVolatility['window'] {
  const inside = points.filter((point) => point.step >= window.steps.first && point.step <= window.steps.last);
  const variance = inside.reduce((sum, point) => sum + point.variance, 0);
  const volatility = Math.sqrt(variance);
  const mean = mu * inside.length;
  const q = normalQuantile((1 + level) / 2);
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    steps: inside.length,
    variance,
    volatility,
    lower: mean - q * volatility,
    upper: mean + q * volatility,
  };
}

/** ADF on the log returns; a series too short or degenerate to test gives null and a warning. */
function stationarityOf(prices: readonly number[]): { stationarity: ForecastVolatility['stationarity']; warning: string | null } {
  try {
    const adf = adfTest(logReturns(prices));
    if (!Number.isFinite(adf.statistic) || !Number.isFinite(adf.pValue)) throw new RangeError('non-finite ADF statistic');
    const { statistic, pValue, lags, stationary, criticalValues } = adf;
    return { stationarity: { test: 'adf', statistic, pValue, lags, stationary, criticalValues }, warning: null };
  } catch (error) {
    return { stationarity: null, warning: `ADF test not run on the log returns: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function errorsOf(errors: Record<string, number | null | undefined>): StandardErrors {
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v !== undefined).map(([k, v]) => [k, finiteOrNull(v)]));
}

function paramsOf(params: Record<string, number | undefined>): Estimates {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

/** Estimates, standard errors and likelihood of the chosen model, in the message's names. */
function describe(fit: VolatilityResult): Pick<ForecastVolatility, 'estimates' | 'standardErrors' | 'robustStandardErrors' | 'logLikelihood' | 'aic'> {
  switch (fit.model) {
    case 'garch':
    case 'egarch':
      return {
        estimates: paramsOf({ ...fit.params }),
        standardErrors: errorsOf({ ...fit.stdErrors }),
        robustStandardErrors: errorsOf({ ...fit.robustStdErrors }),
        logLikelihood: fit.logLikelihood,
        aic: fit.aic,
      };
    case 'ewma':
      return { estimates: { lambda: fit.params.lambda }, standardErrors: {}, robustStandardErrors: {}, logLikelihood: null, aic: null };
    case 'none':
      return { estimates: {}, standardErrors: {}, robustStandardErrors: {}, logLikelihood: null, aic: null };
  }
}

function candidateOf(candidate: VolatilityCandidate): ForecastVolatility['candidates'][number] {
  if (candidate.fit === null) {
    return { model: candidate.model, estimates: {}, standardErrors: {}, logLikelihood: null, aic: null, converged: false, rejected: candidate.rejected };
  }
  const { fit } = candidate;
  return {
    model: candidate.model,
    estimates: paramsOf({ ...fit.params }),
    standardErrors: errorsOf({ ...fit.stdErrors }),
    logLikelihood: finiteOrNull(fit.logLikelihood),
    aic: finiteOrNull(fit.aic),
    converged: fit.converged,
    rejected: candidate.rejected,
  };
}
