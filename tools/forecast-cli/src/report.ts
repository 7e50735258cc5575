import type { AutoArimaResult, ArimaResult, EgarchResult, GarchResult } from '@pum/timeseries';

/** What the CLI read and how (the `input` block of every report). */
export interface InputReport {
  file: string;
  column: string;
  /** Rows read from the column. */
  rows: number;
  /** garch/egarch: whether the column was modelled as returns or as prices (log returns taken). */
  treatedAs?: 'returns' | 'prices';
  /** garch/egarch: why (`--returns`, `--prices`, or the negative-values rule). */
  rule?: string;
}

/** GARCH(1,1) result as printed by the CLI. */
export function garchReport(fit: GarchResult, input: InputReport, horizon: number) {
  return {
    model: fit.model,
    distribution: fit.distribution,
    input: { ...input, nObservations: fit.nObservations },
    estimates: { ...fit.params },
    standardErrors: { ...fit.stdErrors },
    robustStandardErrors: { ...fit.robustStdErrors },
    logLikelihood: fit.logLikelihood,
    aic: fit.aic,
    bic: fit.bic,
    converged: fit.converged,
    iterations: fit.iterations,
    persistence: fit.persistence,
    unconditionalVariance: Number.isFinite(fit.unconditionalVariance) ? fit.unconditionalVariance : null,
    lastConditionalVariance: fit.conditionalVariance,
    horizon,
    level: fit.level,
    forecast: fit.forecast,
  };
}

/** EGARCH(1,1) result as printed by the CLI. */
export function egarchReport(fit: EgarchResult, input: InputReport, horizon: number) {
  const { mu, omega, alpha, gamma, beta, nu } = fit.params;
  const se = fit.stdErrors;
  const robust = fit.robustStdErrors;
  const withNu = <T>(value: T) => (nu === undefined ? {} : { nu: value });
  return {
    model: fit.model,
    distribution: fit.distribution,
    input: { ...input, nObservations: fit.nObservations },
    estimates: { mu, omega, alpha, gamma, beta, ...withNu(nu) },
    standardErrors: { mu: se.mu, omega: se.omega, alpha: se.alpha, gamma: se.gamma, beta: se.beta, ...withNu(se.nu ?? null) },
    robustStandardErrors: { mu: robust.mu, omega: robust.omega, alpha: robust.alpha, gamma: robust.gamma, beta: robust.beta, ...withNu(robust.nu ?? null) },
    logLikelihood: fit.logLikelihood,
    aic: fit.aic,
    bic: fit.bic,
    converged: fit.converged,
    iterations: fit.iterations,
    lastConditionalVariance: fit.conditionalVariance,
    horizon,
    level: fit.level,
    forecast: fit.forecast,
  };
}

const isAuto = (fit: ArimaResult | AutoArimaResult): fit is AutoArimaResult => 'candidates' in fit;

/** ARIMA(p,d,q) result as printed by the CLI; the mean is `mu` (R's "intercept"), the d = 1 constant `drift`. */
export function arimaReport(fit: ArimaResult | AutoArimaResult, input: InputReport, horizon: number) {
  const { p, d, q } = fit.order;
  const constant = (value: number | null, key: 'mu' | 'drift') => (value === null ? {} : { [key]: value });
  return {
    model: fit.model,
    order: { p, d, q },
    orderSelection: isAuto(fit) ? 'aic' : 'fixed',
    input: { ...input, nObservations: fit.nObservations },
    estimates: { ar: fit.ar, ma: fit.ma, ...constant(fit.intercept, 'mu'), ...constant(fit.drift, 'drift') },
    standardErrors: {
      ar: fit.stdErrors.ar,
      ma: fit.stdErrors.ma,
      ...(fit.intercept === null ? {} : { mu: fit.stdErrors.intercept }),
      ...(fit.drift === null ? {} : { drift: fit.stdErrors.drift }),
    },
    sigma2: fit.sigma2,
    logLikelihood: fit.logLikelihood,
    aic: fit.aic,
    aicc: fit.aicc,
    bic: fit.bic,
    converged: fit.converged,
    iterations: fit.iterations,
    horizon,
    level: fit.level,
    forecast: fit.forecast,
    ...(isAuto(fit)
      ? {
          candidates: fit.candidates.map((c) => ({
            order: `${c.order.p},${c.order.d},${c.order.q}`,
            constant: c.constant,
            aic: Number.isFinite(c.aic) ? c.aic : null,
            ...(c.rejected === undefined ? {} : { rejected: c.rejected }),
          })),
        }
      : {}),
  };
}
