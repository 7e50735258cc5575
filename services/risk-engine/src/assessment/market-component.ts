import type { RiskComponent } from '@pum/contracts';
import { ComponentBuilder } from './component';
import type { AssessmentInputs } from './inputs';

/** Smallest correlation with the reference asset at which its β is graded (R² ≥ 0.25). */
const BETA_MIN_CORRELATION = 0.5;

/**
 * How rough the market around the ETA is expected to be (docs/risk-rules.md, "Market"): forecast
 * volatility (annualised) of the window around the ETA, against the series' own baseline, the
 * recent drawdown of the price, and its β against the reference asset.
 *
 * @example marketComponent(inputs).score // 20
 */
export function marketComponent(inputs: AssessmentInputs): RiskComponent {
  const c = new ComponentBuilder('market');
  const { annualisedVolatility: vol, windowToBaseline: ratio, drawdown } = inputs.market;
  if (vol !== null) {
    const evidence = { annualisedVolatility: vol };
    if (vol >= 1) c.add('high_forecast_volatility', 40, `forecast volatility ${(vol * 100).toFixed(0)} % a year`, evidence);
    else if (vol >= 0.6) c.add('elevated_forecast_volatility', 20, `forecast volatility ${(vol * 100).toFixed(0)} % a year`, evidence);
    else c.add('forecast_volatility', 0, `forecast volatility ${(vol * 100).toFixed(0)} % a year`, evidence);
  }
  if (ratio !== null && ratio >= 1.2) {
    c.add('volatility_around_eta', ratio >= 1.5 ? 25 : 10, `volatility around the ETA is ${ratio.toFixed(2)}× the baseline`, { windowToBaseline: ratio });
  }
  if (drawdown !== null && drawdown >= 0.05) {
    const points = drawdown >= 0.3 ? 35 : drawdown >= 0.15 ? 20 : 5;
    c.add('recent_drawdown', points, `price ${(drawdown * 100).toFixed(0)} % below its recent high`, { drawdown });
  }
  const fit = inputs.market.reference;
  if (fit !== null) {
    const seen = inputs.observed.reference;
    const evidence = {
      referenceAsset: fit.assetId,
      correlation: fit.correlation,
      beta: fit.beta,
      observationsAtLeast: fit.observationsAtLeast,
      barSeconds: fit.barSeconds,
      windowSeconds: fit.windowSeconds,
      ...(seen && { observedCorrelation: seen.correlation, observedBeta: seen.beta, observations: seen.observations, from: seen.from, to: seen.to }),
    };
    const detail = `β ${fit.beta.toFixed(2)} against ${fit.assetId} (correlation ${fit.correlation.toFixed(2)})`;
    // β says how much of a market move the price takes; only a fit that explains something (ρ ≥ 0.5) grades it.
    const amplifies = fit.correlation >= BETA_MIN_CORRELATION;
    if (amplifies && fit.beta >= 2) c.add('high_reference_beta', 20, `${detail}: the price moves twice the market's moves or more`, evidence);
    else if (amplifies && fit.beta >= 1.5) c.add('elevated_reference_beta', 10, `${detail}: the price amplifies the market's moves`, evidence);
    else c.add('reference_beta', 0, detail, evidence);
  }
  return c.build();
}
