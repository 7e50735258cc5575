import { fitEgarch, type EgarchResult } from './egarch';
import { ewmaVolatility, type EwmaResult } from './ewma';
import { fitGarch, type GarchDistribution, type GarchResult } from './garch';
import { resolveForecastOptions, type VolatilityForecastOptions, type VolatilityForecastPoint } from './types';

export type VolatilityModelName = 'garch' | 'egarch' | 'ewma';

export interface FitVolatilityOptions extends VolatilityForecastOptions {
  /** Model to fit (default 'garch'); 'auto' fits GARCH and EGARCH and keeps the lower AIC. */
  model?: VolatilityModelName | 'auto';
  /** Whether `series` holds prices (log returns are taken) or returns (default 'returns'). */
  input?: 'returns' | 'prices';
  /** GARCH/EGARCH innovation distribution (default 'normal'). */
  distribution?: GarchDistribution;
  /** Fewest returns for GARCH/EGARCH; below this EWMA is used (default 100). */
  minObservations?: number;
  /** Fewest returns for any estimate; below this the result is model 'none' (default 10). */
  minEwmaObservations?: number;
  /** EWMA decay (default 0.94). */
  lambda?: number;
  /** Persistence (GARCH α+β, EGARCH |β|) at or above which the fit is treated as integrated (default 0.9999). */
  maxPersistence?: number;
  /** Maximum BFGS iterations passed to the GARCH/EGARCH fit (default 500). */
  maxIterations?: number;
  /**
   * Returns further than `outlierThreshold` robust standard deviations
   * (1.4826·MAD) from the median are always reported in `warnings`; with
   * 'winsorize' they are also clipped to that bound before fitting (default 'keep').
   */
  outliers?: 'keep' | 'winsorize';
  /** Robust z-score beyond which a return counts as extreme (default 20). */
  outlierThreshold?: number;
}

/** Returned when no volatility estimate is possible. */
export interface NoVolatilityModel {
  model: 'none';
  nObservations: number;
  level: number;
  /** Always empty. */
  forecast: VolatilityForecastPoint[];
}

/** A GARCH/EGARCH fit tried by {@link fitVolatility}, kept whether chosen or not. */
export type VolatilityCandidate =
  | { model: 'garch' | 'egarch'; fit: GarchResult | EgarchResult; rejected: string | null }
  | { model: 'garch' | 'egarch'; fit: null; rejected: string };

export interface VolatilityMeta {
  requestedModel: VolatilityModelName | 'auto';
  /** True when the returned model is not the one requested (including 'none'). */
  fallback: boolean;
  /** Human-readable explanation; set whenever `fallback` is true. */
  reason: string | null;
  /** Non-fatal observations about the data (e.g. extreme returns). */
  warnings: string[];
  /** Every GARCH/EGARCH estimation attempted, with why it was not usable; empty when none was attempted. */
  candidates: VolatilityCandidate[];
}

export type VolatilityResult = (GarchResult | EgarchResult | EwmaResult | NoVolatilityModel) & VolatilityMeta;

type FittedModel = GarchResult | EgarchResult | EwmaResult;

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  return typeof value;
}

function isFiniteTree(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(isFiniteTree);
  return Object.values(value as Record<string, unknown>).every(isFiniteTree);
}

/** Forecasts, variances and point estimates must be finite (standard errors may be null). */
function outputsFinite(fit: FittedModel): boolean {
  return (
    isFiniteTree(fit.forecast) &&
    isFiniteTree(fit.params) &&
    Number.isFinite(fit.conditionalVariance) &&
    ('logLikelihood' in fit ? Number.isFinite(fit.logLikelihood) : true)
  );
}

/** Why a GARCH/EGARCH fit is not usable, or null if it is. */
function rejectReason(fit: GarchResult | EgarchResult, maxPersistence: number): string | null {
  const name = fit.model.toUpperCase();
  if (!fit.converged) return `${name} estimation did not converge`;
  if (!outputsFinite(fit)) return `${name} produced non-finite estimates`;
  const persistence = fit.model === 'garch' ? fit.persistence : Math.abs(fit.params.beta);
  if (persistence >= maxPersistence) {
    return `${name} persistence ${persistence.toFixed(6)} ≥ ${maxPersistence} (integrated variance; forecasts would not mean-revert)`;
  }
  return null;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Validated, never-throwing entry point for volatility forecasting.
 *
 * - Degenerate input (not an array, non-finite values, non-positive prices,
 *   fewer than `minEwmaObservations` returns, zero variance) → `model: 'none'`
 *   with an empty forecast and a `reason`.
 * - Fewer than `minObservations` returns, an estimation error, non-convergence,
 *   non-finite output or integrated persistence → RiskMetrics EWMA with a `reason`.
 * No field of the result is NaN; standard errors may be null.
 * @example
 *   const v = fitVolatility(prices, { input: 'prices', horizon: 5 });
 *   if (v.model !== 'none') v.forecast[0].volatility;
 */
export function fitVolatility(series: readonly number[], options: FitVolatilityOptions = {}): VolatilityResult {
  const requestedModel = options.model ?? 'garch';
  const warnings: string[] = [];
  const candidates: VolatilityCandidate[] = [];
  const none = (reason: string, nObservations: number, level = 0.95): VolatilityResult => ({
    model: 'none',
    nObservations,
    level,
    forecast: [],
    requestedModel,
    fallback: true,
    reason,
    warnings,
    candidates,
  });

  let horizon: number;
  let level: number;
  try {
    ({ horizon, level } = resolveForecastOptions(options));
  } catch (err) {
    return none(`invalid options: ${errorMessage(err)}`, 0);
  }
  if (!['garch', 'egarch', 'ewma', 'auto'].includes(requestedModel)) {
    return none(`unknown model '${String(requestedModel)}' (expected garch, egarch, ewma or auto)`, 0, level);
  }
  if (!Array.isArray(series)) return none('series must be an array of numbers', 0, level);
  const badIndex = series.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (badIndex >= 0) {
    const count = series.filter((v) => typeof v !== 'number' || !Number.isFinite(v)).length;
    return none(
      `series contains ${count} non-finite value(s) (first at index ${badIndex}: ${describe(series[badIndex])}); clean the data before fitting`,
      series.length,
      level,
    );
  }
  let returns: number[];
  if (options.input === 'prices') {
    const bad = series.findIndex((v) => v <= 0);
    if (bad >= 0) return none(`prices must be positive (index ${bad} is ${series[bad]})`, series.length, level);
    returns = series.slice(1).map((p, i) => Math.log(p / series[i]));
  } else {
    returns = [...series];
  }
  const n = returns.length;
  const minEwma = Math.max(options.minEwmaObservations ?? 10, 2);
  const minModel = Math.max(options.minObservations ?? 100, 10);
  if (n < minEwma) {
    return none(`only ${n} return(s); at least ${minEwma} are needed for any volatility estimate`, n, level);
  }
  const m = returns.reduce((s, v) => s + v, 0) / n;
  const variance = returns.reduce((s, v) => s + (v - m) * (v - m), 0) / n;
  if (returns.every((v) => v === returns[0]) || !(variance > 0) || !Number.isFinite(variance)) {
    const allZero = returns.every((v) => v === 0);
    return none(
      allZero
        ? 'all returns are zero (constant series): volatility is zero and no model can be fitted'
        : 'returns have zero variance: no model can be fitted',
      n,
      level,
    );
  }
  // Flag (and optionally clip) extreme observations by a robust z-score on the MAD.
  const sorted = [...returns].sort((a, b) => a - b);
  const median = sorted[Math.floor(n / 2)];
  const mad = returns.map((v) => Math.abs(v - median)).sort((a, b) => a - b)[Math.floor(n / 2)];
  const threshold = options.outlierThreshold ?? 20;
  if (mad > 0 && threshold > 0) {
    const bound = threshold * 1.4826 * mad;
    const extreme = returns.filter((v) => Math.abs(v - median) > bound).length;
    if (extreme > 0) {
      if (options.outliers === 'winsorize') {
        returns = returns.map((v) => Math.min(median + bound, Math.max(median - bound, v)));
        warnings.push(`${extreme} extreme return(s) beyond ${threshold} robust standard deviations were winsorized`);
      } else {
        warnings.push(
          `${extreme} extreme return(s) beyond ${threshold} robust standard deviations; estimates are dominated by them (outliers: 'winsorize' clips them)`,
        );
      }
    }
  }

  const ewma = (reason: string | null): VolatilityResult => {
    try {
      const fit = ewmaVolatility(returns, { horizon, level, lambda: options.lambda });
      if (!outputsFinite(fit)) return none(`${reason ? `${reason}; ` : ''}EWMA produced non-finite output`, n, level);
      return { ...fit, requestedModel, fallback: requestedModel !== 'ewma', reason, warnings, candidates };
    } catch (err) {
      return none(`${reason ? `${reason}; ` : ''}EWMA failed: ${errorMessage(err)}`, n, level);
    }
  };
  if (requestedModel === 'ewma') return ewma(null);
  const fallbackNote = `using RiskMetrics EWMA (λ = ${options.lambda ?? 0.94})`;
  if (n < minModel) {
    return ewma(`only ${n} returns; ${requestedModel.toUpperCase()} needs at least ${minModel} — ${fallbackNote}`);
  }

  const maxPersistence = options.maxPersistence ?? 0.9999;
  const toTry: ('garch' | 'egarch')[] = requestedModel === 'auto' ? ['garch', 'egarch'] : [requestedModel];
  const problems: string[] = [];
  let best: GarchResult | EgarchResult | null = null;
  for (const name of toTry) {
    let fit: GarchResult | EgarchResult;
    try {
      fit =
        name === 'garch'
          ? fitGarch(returns, { horizon, level, distribution: options.distribution, maxIterations: options.maxIterations })
          : fitEgarch(returns, { horizon, level, distribution: options.distribution, maxIterations: options.maxIterations });
    } catch (err) {
      const why = `${name.toUpperCase()} estimation failed: ${errorMessage(err)}`;
      problems.push(why);
      candidates.push({ model: name, fit: null, rejected: why });
      continue;
    }
    const why = rejectReason(fit, maxPersistence);
    candidates.push({ model: name, fit, rejected: why });
    if (why !== null) {
      problems.push(why);
      continue;
    }
    if (best === null || fit.aic < best.aic) best = fit;
  }
  if (best === null) return ewma(`${problems.join('; ')} — ${fallbackNote}`);
  return { ...best, requestedModel, fallback: false, reason: null, warnings, candidates };
}
