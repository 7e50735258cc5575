import { z } from 'zod';
import { chainId, isoTimestamp } from './primitives';
import { marketMetric, marketSource, marketSubject } from './market';

const finite = z.number().finite();
/** A standard error: null where the Hessian was not positive definite (or the model has none). */
const standardError = z.number().finite().nonnegative().nullable();

/** The series a forecast was computed from: one subject, metric and source (and chain, for per-chain TVL). */
export const forecastSeries = z.object({
  /** `subjectType:subjectId:metric:source:chainId|all` — stable across restarts. */
  key: z.string().min(1),
  subject: marketSubject,
  metric: marketMetric,
  source: marketSource,
  /** The registry protocol: the one the ticks named, else the only one whose market ids match the subject. */
  protocolId: z.string().min(1).nullable(),
  /** Chain of an on-chain price or a per-chain TVL series; null for cross-chain aggregates. */
  chainId: chainId.nullable(),
});
export type ForecastSeries = z.infer<typeof forecastSeries>;

/** The data a forecast saw: regular bars (last observation per bar) from `from` to `to`. */
export const forecastInputWindow = z.object({
  from: isoTimestamp,
  to: isoTimestamp,
  /** Bars used (prices or TVL values, not returns). */
  observations: z.number().int().nonnegative(),
  barSeconds: z.number().int().positive(),
});

/** The upgrade an event-window forecast is about. */
export const upgradeReference = z.object({
  /** `upgrades.lifecycle.v1` upgradeId, or the `protocol.events.v1` eventId of an executed upgrade. */
  upgradeId: z.string().min(1),
  stage: z.enum(['queued', 'executed']),
  /** Queued: the ETA; executed: when it executed. */
  eta: isoTimestamp,
  protocolId: z.string().min(1),
  /** The message that announced it. */
  messageId: z.string().min(1),
});
export type UpgradeReference = z.infer<typeof upgradeReference>;

/** The bars of the forecast that fall inside `[eta − before, eta + after]`, summarised. */
const eventWindowBase = z.object({
  from: isoTimestamp,
  to: isoTimestamp,
  /** Forecast steps inside the window (an event window is published only when there is at least one). */
  steps: z.number().int().positive(),
});

const volatilityEstimates = z.object({
  mu: finite.optional(),
  omega: finite.optional(),
  alpha: finite.optional(),
  beta: finite.optional(),
  /** EGARCH sign (leverage) effect. */
  gamma: finite.optional(),
  /** Student-t degrees of freedom. */
  nu: finite.optional(),
  /** EWMA decay. */
  lambda: finite.optional(),
});
const volatilityStandardErrors = z.object({
  mu: standardError.optional(),
  omega: standardError.optional(),
  alpha: standardError.optional(),
  beta: standardError.optional(),
  gamma: standardError.optional(),
  nu: standardError.optional(),
});

/** Every GARCH-type model tried, chosen or not, with why it was not usable. */
const volatilityCandidate = z.object({
  model: z.enum(['garch', 'egarch']),
  estimates: volatilityEstimates,
  standardErrors: volatilityStandardErrors,
  logLikelihood: finite.nullable(),
  aic: finite.nullable(),
  converged: z.boolean(),
  rejected: z.string().nullable(),
});

export const volatilityForecastPoint = z.object({
  step: z.number().int().positive(),
  /** Start of the bar this step forecasts. */
  at: isoTimestamp,
  /** Conditional variance of the log return in that bar. */
  variance: finite.nonnegative(),
  volatility: finite.nonnegative(),
  /** Central `level` interval of the log return. */
  lower: finite,
  upper: finite,
});

export const forecastVolatilityPayload = z.object({
  /** Deterministic: `volatility:<kind>:<series key>[:<upgradeId>:<stage>]:<input end>:<digest of data and settings>`. */
  forecastId: z.string().min(1),
  kind: z.enum(['series', 'event_window']),
  series: forecastSeries,
  input: forecastInputWindow.extend({ returns: z.number().int().nonnegative() }),
  /** Augmented Dickey–Fuller test on the log returns; null (see `warnings`) when it could not run. */
  stationarity: z
    .object({
      test: z.literal('adf'),
      statistic: finite,
      pValue: finite,
      lags: z.number().int().nonnegative(),
      stationary: z.boolean(),
      criticalValues: z.object({ '1%': finite, '5%': finite, '10%': finite }),
    })
    .nullable(),
  requestedModel: z.enum(['garch', 'egarch', 'ewma', 'auto']),
  /** `none`: no estimate was possible (see `fallbackReason`); forecasts are then empty. */
  model: z.enum(['garch', 'egarch', 'ewma', 'none']),
  distribution: z.enum(['normal', 'student-t']).nullable(),
  /** Why the model is not the one requested (EWMA fallback, or none); null when it is. */
  fallbackReason: z.string().nullable(),
  warnings: z.array(z.string()),
  estimates: volatilityEstimates,
  standardErrors: volatilityStandardErrors,
  robustStandardErrors: volatilityStandardErrors,
  logLikelihood: finite.nullable(),
  aic: finite.nullable(),
  candidates: z.array(volatilityCandidate),
  horizon: z.number().int().nonnegative(),
  level: z.number().gt(0).lt(1),
  forecasts: z.array(volatilityForecastPoint),
  /** Event windows: the cumulative log return over the window's steps (variances add). */
  window: eventWindowBase.extend({ variance: finite.nonnegative(), volatility: finite.nonnegative(), lower: finite, upper: finite }).nullable(),
  upgrade: upgradeReference.nullable(),
});
export type ForecastVolatility = z.infer<typeof forecastVolatilityPayload>;

export const liquidityForecastPoint = z.object({
  step: z.number().int().positive(),
  at: isoTimestamp,
  mean: finite,
  se: finite.nonnegative(),
  lower: finite,
  upper: finite,
});

/** See docs/forecast.md for the rule and its thresholds. */
export const liquidityRegime = z.enum(['expanding', 'stable', 'contracting', 'stressed']);
export type LiquidityRegime = z.infer<typeof liquidityRegime>;

export const forecastLiquidityPayload = z.object({
  /** Deterministic: `liquidity:<kind>:<series key>[:<upgradeId>:<stage>]:<input end>:<digest of data and settings>`. */
  forecastId: z.string().min(1),
  kind: z.enum(['series', 'event_window']),
  series: forecastSeries,
  input: forecastInputWindow,
  /** `none`: no ARIMA could be estimated (see `fallbackReason`); forecasts are then empty. */
  model: z.enum(['arima', 'none']),
  /** Chosen by AIC over p, q ≤ the configured maximum, d by repeated KPSS tests. */
  order: z.object({ p: z.number().int().nonnegative(), d: z.number().int().nonnegative(), q: z.number().int().nonnegative() }).nullable(),
  fallbackReason: z.string().nullable(),
  /** `mu`: the mean (d = 0), `drift`: the mean difference (d = 1). */
  estimates: z.object({ ar: z.array(finite), ma: z.array(finite), mu: finite.optional(), drift: finite.optional() }),
  standardErrors: z.object({ ar: z.array(standardError), ma: z.array(standardError), mu: standardError.optional(), drift: standardError.optional() }),
  sigma2: finite.nonnegative().nullable(),
  logLikelihood: finite.nullable(),
  aic: finite.nullable(),
  /** ARIMA models estimated during the order search. */
  candidatesTried: z.number().int().nonnegative(),
  horizon: z.number().int().nonnegative(),
  level: z.number().gt(0).lt(1),
  forecasts: z.array(liquidityForecastPoint),
  /** Null when the series is too short for the rule's window. */
  regime: z
    .object({
      state: liquidityRegime,
      /** Relative change of TVL over the last `windowBars` bars (−0.1 = fell 10 %). */
      windowChange: finite,
      /** Largest one-bar relative fall within the window (≤ 0). */
      worstBarChange: finite,
      /** Relative change from the last value to the forecast mean `windowBars` steps ahead (or the last step); null without forecasts. */
      forecastChange: finite.nullable(),
      windowBars: z.number().int().positive(),
    })
    .nullable(),
  /**
   * Per-chain TVL series only: net TVL that moved into (positive) or out of this protocol over the window,
   * beyond the chain-wide change of every tracked protocol on the chain (flows of all protocols on a chain sum to 0).
   */
  flows: z
    .object({
      chainId,
      from: isoTimestamp,
      to: isoTimestamp,
      /** Protocols on the chain with TVL at both ends of the window. */
      protocols: z.number().int().positive(),
      /** Relative change of their summed TVL: the market-wide part of every protocol's change. */
      chainGrowth: finite,
      netFlowUsd: finite,
    })
    .nullable(),
  /** Event windows: the forecast at the last step inside the window. */
  window: eventWindowBase.extend({ mean: finite, lower: finite, upper: finite, changeFromLast: finite }).nullable(),
  upgrade: upgradeReference.nullable(),
});
export type ForecastLiquidity = z.infer<typeof forecastLiquidityPayload>;
