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

/** What every result carries besides the fit: the request and what happened to it. */
type Outcome = Pick<VolatilityMeta, 'requestedModel' | 'warnings' | 'candidates'>;

/** Why no estimate is possible, for a `model: 'none'` result. */
interface NoEstimate {
  reason: string;
  nObservations: number;
  level: number;
}

function withMeta<Fit extends FittedModel | NoVolatilityModel>(
  fit: Fit,
  { requestedModel, warnings, candidates }: Outcome,
  fallback: boolean,
  reason: string | null,
): Fit & VolatilityMeta {
  return { ...fit, requestedModel, fallback, reason, warnings, candidates };
}

function noModel(outcome: Outcome, { reason, nObservations, level }: NoEstimate): VolatilityResult {
  return withMeta({ model: 'none', nObservations, level, forecast: [] }, outcome, true, reason);
}

const MODELS: readonly (VolatilityModelName | 'auto')[] = ['garch', 'egarch', 'ewma', 'auto'];

type Request = { horizon: number; level: number };

/** Validate: the options, the model name and every value of the series. */
function validate(series: readonly number[], options: FitVolatilityOptions, requestedModel: VolatilityModelName | 'auto'): Request | NoEstimate {
  let horizon: number;
  let level: number;
  try {
    ({ horizon, level } = resolveForecastOptions(options));
  } catch (err) {
    return { reason: `invalid options: ${errorMessage(err)}`, nObservations: 0, level: 0.95 };
  }
  if (!MODELS.includes(requestedModel)) {
    return { reason: `unknown model '${String(requestedModel)}' (expected garch, egarch, ewma or auto)`, nObservations: 0, level };
  }
  if (!Array.isArray(series)) return { reason: 'series must be an array of numbers', nObservations: 0, level };
  const badIndex = series.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (badIndex >= 0) {
    const count = series.filter((v) => typeof v !== 'number' || !Number.isFinite(v)).length;
    const first = `first at index ${badIndex}: ${describe(series[badIndex])}`;
    return { reason: `series contains ${count} non-finite value(s) (${first}); clean the data before fitting`, nObservations: series.length, level };
  }
  return { horizon, level };
}

/** Clean: returns from the series (log returns of prices), enough of them and not constant. */
function toReturns(series: readonly number[], options: FitVolatilityOptions, level: number): number[] | NoEstimate {
  let returns: number[];
  if (options.input === 'prices') {
    const bad = series.findIndex((v) => v <= 0);
    if (bad >= 0) return { reason: `prices must be positive (index ${bad} is ${series[bad]})`, nObservations: series.length, level };
    returns = series.slice(1).map((p, i) => Math.log(p / series[i]));
  } else {
    returns = [...series];
  }
  const n = returns.length;
  const minEwma = Math.max(options.minEwmaObservations ?? 10, 2);
  if (n < minEwma) {
    return { reason: `only ${n} return(s); at least ${minEwma} are needed for any volatility estimate`, nObservations: n, level };
  }
  const m = returns.reduce((s, v) => s + v, 0) / n;
  const variance = returns.reduce((s, v) => s + (v - m) * (v - m), 0) / n;
  if (returns.every((v) => v === returns[0]) || !(variance > 0) || !Number.isFinite(variance)) {
    const allZero = returns.every((v) => v === 0);
    return {
      reason: allZero
        ? 'all returns are zero (constant series): volatility is zero and no model can be fitted'
        : 'returns have zero variance: no model can be fitted',
      nObservations: n,
      level,
    };
  }
  return returns;
}

/** Clean: flags (and with 'winsorize' clips) extreme returns by a robust z-score on the MAD. */
function screenOutliers(returns: number[], options: FitVolatilityOptions, warnings: string[]): number[] {
  const n = returns.length;
  const sorted = [...returns].sort((a, b) => a - b);
  const median = sorted[Math.floor(n / 2)];
  const mad = returns.map((v) => Math.abs(v - median)).sort((a, b) => a - b)[Math.floor(n / 2)];
  const threshold = options.outlierThreshold ?? 20;
  if (!(mad > 0 && threshold > 0)) return returns;
  const bound = threshold * 1.4826 * mad;
  const extreme = returns.filter((v) => Math.abs(v - median) > bound).length;
  if (extreme === 0) return returns;
  if (options.outliers === 'winsorize') {
    warnings.push(`${extreme} extreme return(s) beyond ${threshold} robust standard deviations were winsorized`);
    return returns.map((v) => Math.min(median + bound, Math.max(median - bound, v)));
  }
  warnings.push(
    `${extreme} extreme return(s) beyond ${threshold} robust standard deviations; estimates are dominated by them (outliers: 'winsorize' clips them)`,
  );
  return returns;
}

/** Select: EWMA (requested, or too few returns, with the reason) or the GARCH-type models to fit. */
function selectModels(
  requestedModel: VolatilityModelName | 'auto',
  n: number,
  options: FitVolatilityOptions,
): { ewma: string | null } | { fit: ('garch' | 'egarch')[] } {
  if (requestedModel === 'ewma') return { ewma: null };
  const minModel = Math.max(options.minObservations ?? 100, 10);
  if (n < minModel) {
    return { ewma: `only ${n} returns; ${requestedModel.toUpperCase()} needs at least ${minModel} — ${ewmaFallbackNote(options)}` };
  }
  return { fit: requestedModel === 'auto' ? ['garch', 'egarch'] : [requestedModel] };
}

function ewmaFallbackNote(options: FitVolatilityOptions): string {
  return `using RiskMetrics EWMA (λ = ${options.lambda ?? 0.94})`;
}

/** Fit: each model in turn, kept as a candidate with why it is not usable; the usable one of lowest AIC wins. */
function fitCandidates(
  returns: readonly number[],
  models: readonly ('garch' | 'egarch')[],
  options: FitVolatilityOptions,
  { horizon, level }: Request,
  candidates: VolatilityCandidate[],
): { best: GarchResult | EgarchResult | null; problems: string[] } {
  const fitOptions = { horizon, level, distribution: options.distribution, maxIterations: options.maxIterations };
  const maxPersistence = options.maxPersistence ?? 0.9999;
  const problems: string[] = [];
  let best: GarchResult | EgarchResult | null = null;
  for (const name of models) {
    let fit: GarchResult | EgarchResult;
    try {
      fit = name === 'garch' ? fitGarch(returns, fitOptions) : fitEgarch(returns, fitOptions);
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
  return { best, problems };
}

/** Report the fallback: RiskMetrics EWMA (with why, unless requested), or 'none' if even that fails. */
function ewmaResult(returns: readonly number[], options: FitVolatilityOptions, { horizon, level }: Request, outcome: Outcome, reason: string | null): VolatilityResult {
  const failed = (why: string): VolatilityResult =>
    noModel(outcome, { reason: `${reason ? `${reason}; ` : ''}${why}`, nObservations: returns.length, level });
  try {
    const fit = ewmaVolatility(returns, { horizon, level, lambda: options.lambda });
    if (!outputsFinite(fit)) return failed('EWMA produced non-finite output');
    return withMeta(fit, outcome, outcome.requestedModel !== 'ewma', reason);
  } catch (err) {
    return failed(`EWMA failed: ${errorMessage(err)}`);
  }
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
  const outcome: Outcome = { requestedModel: options.model ?? 'garch', warnings: [], candidates: [] };
  const request = validate(series, options, outcome.requestedModel);
  if ('reason' in request) return noModel(outcome, request);

  const clean = toReturns(series, options, request.level);
  if (!Array.isArray(clean)) return noModel(outcome, clean);
  const returns = screenOutliers(clean, options, outcome.warnings);

  const selected = selectModels(outcome.requestedModel, returns.length, options);
  if ('ewma' in selected) return ewmaResult(returns, options, request, outcome, selected.ewma);

  const { best, problems } = fitCandidates(returns, selected.fit, options, request, outcome.candidates);
  if (best === null) return ewmaResult(returns, options, request, outcome, `${problems.join('; ')} — ${ewmaFallbackNote(options)}`);
  return withMeta(best, outcome, false, null);
}
