import type { RiskComponent } from '@pum/contracts';
import { ComponentBuilder } from './component';
import type { AssessmentInputs } from './inputs';

/**
 * How rough the market around the ETA is expected to be (docs/risk-rules.md, "Market"): forecast
 * volatility (annualised) of the window around the ETA, against the series' own baseline, and the
 * recent drawdown of the price.
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
  return c.build();
}
