/**
 * The stance rule table (docs/guidance.md). Each input contributes a severity 0–3; the stance is read off their
 * combination. Every rule only ever raises the severity as its input gets riskier, so more risk never gives a
 * milder stance: a higher level, a higher volatility ratio, a higher price impact, an ETA closer (from far away down
 * to now), or no hedge.
 *
 * | code                         | when                                              | severity |
 * |------------------------------|---------------------------------------------------|----------|
 * | `risk_medium`                | risk level medium                                 | 1        |
 * | `risk_high`                  | risk level high                                   | 2        |
 * | `risk_critical`              | risk level critical                               | 3        |
 * | `volatility_elevated`        | forecast / realised volatility ≥ elevated ratio   | 1        |
 * | `volatility_extreme`         | forecast / realised volatility ≥ extreme ratio    | 2        |
 * | `impact_elevated`            | the position's price impact ≥ elevated bps        | 1        |
 * | `impact_severe`              | the position's price impact ≥ severe bps          | 2        |
 * | `risk_compounded`            | risk ≥ high and volatility or impact ≥ elevated   | +1       |
 * | `eta_imminent`               | severity ≥ 1 and 0 ≤ hours to ETA ≤ imminent      | +1       |
 *
 * Severity = min(3, max(risk, volatility, impact) + compounded + imminent). 0 → `hold`, 1 → `reduce`,
 * 2 → `hedge` (or `exit_before_eta` with `hedge_unavailable` when there is no hedge), 3 → `exit_before_eta`.
 */
export type Stance = 'hold' | 'reduce' | 'hedge' | 'exit_before_eta';
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

/** Stable reason codes. */
export type StanceReasonCode =
  | 'risk_medium'
  | 'risk_high'
  | 'risk_critical'
  | 'volatility_elevated'
  | 'volatility_extreme'
  | 'impact_elevated'
  | 'impact_severe'
  | 'risk_compounded'
  | 'eta_imminent'
  | 'hedge_unavailable'
  | 'no_elevated_risk';

export interface StanceReason {
  code: StanceReasonCode;
  /** Severity the rule set (or, for `+1` rules, added). */
  severity: number;
  /** The inputs and thresholds the rule compared. */
  evidence: Record<string, number | string | boolean | null>;
}

export interface StanceInputs {
  risk: { score: number; level: RiskLevel };
  /** Per-period volatilities in the same units (the window's forecast and the recent realised); null when unknown. */
  forecastVolatility: number | null;
  realisedVolatility: number | null;
  /** Price impact of selling the whole position on the best pool, in bps; null when unknown. */
  positionImpactBps: number | null;
  hedgeAvailable: boolean;
  /** Hours from now to the ETA (negative once it has passed); null without an ETA. */
  hoursToEta: number | null;
}

export interface StanceSettings {
  volatilityRatio: { elevated: number; extreme: number };
  impactBps: { elevated: number; severe: number };
  imminentHours: number;
}

export interface StanceResult {
  stance: Stance;
  /** 0–3, the row of the table the stance came from. */
  severity: number;
  reasons: StanceReason[];
  /** Inputs that were unknown and so contributed nothing. */
  missing: ('volatility' | 'impact' | 'eta')[];
  inputs: StanceInputs;
}

const RISK_SEVERITY: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const MAX_SEVERITY = 3;

/** The milder-to-harsher order of stances, for comparisons. */
export const STANCE_ORDER: readonly Stance[] = ['hold', 'reduce', 'hedge', 'exit_before_eta'];

/**
 * The stance for a position around an upgrade, by the rule table above.
 *
 * @example
 * decideStance({ risk: { score: 62, level: 'high' }, forecastVolatility: 0.06, realisedVolatility: 0.03, positionImpactBps: 20, hedgeAvailable: true, hoursToEta: 72 }, settings)
 * // { stance: 'exit_before_eta', severity: 3, reasons: [risk_high, volatility_elevated, risk_compounded], … } with elevated ratio 1.5, extreme 3
 */
export function decideStance(inputs: StanceInputs, settings: StanceSettings): StanceResult {
  const reasons: StanceReason[] = [];
  const missing: StanceResult['missing'] = [];

  const risk = RISK_SEVERITY[inputs.risk.level];
  if (risk > 0) reasons.push({ code: `risk_${inputs.risk.level}` as StanceReasonCode, severity: risk, evidence: { level: inputs.risk.level, score: inputs.risk.score } });

  let volatility = 0;
  if (inputs.forecastVolatility === null || inputs.realisedVolatility === null || !(inputs.realisedVolatility > 0)) missing.push('volatility');
  else {
    const ratio = inputs.forecastVolatility / inputs.realisedVolatility;
    const { elevated, extreme } = settings.volatilityRatio;
    volatility = ratio >= extreme ? 2 : ratio >= elevated ? 1 : 0;
    const evidence = { ratio, forecastVolatility: inputs.forecastVolatility, realisedVolatility: inputs.realisedVolatility, threshold: volatility === 2 ? extreme : elevated };
    if (volatility > 0) reasons.push({ code: volatility === 2 ? 'volatility_extreme' : 'volatility_elevated', severity: volatility, evidence });
  }

  let impact = 0;
  if (inputs.positionImpactBps === null) missing.push('impact');
  else {
    const { elevated, severe } = settings.impactBps;
    impact = inputs.positionImpactBps >= severe ? 2 : inputs.positionImpactBps >= elevated ? 1 : 0;
    if (impact > 0) reasons.push({ code: impact === 2 ? 'impact_severe' : 'impact_elevated', severity: impact, evidence: { positionImpactBps: inputs.positionImpactBps, threshold: impact === 2 ? severe : elevated } });
  }

  const base = Math.max(risk, volatility, impact);
  const compounded = risk >= 2 && (volatility >= 1 || impact >= 1) ? 1 : 0;
  if (compounded) reasons.push({ code: 'risk_compounded', severity: 1, evidence: { risk, volatility, impact } });

  if (inputs.hoursToEta === null) missing.push('eta');
  const imminent = base >= 1 && inputs.hoursToEta !== null && inputs.hoursToEta >= 0 && inputs.hoursToEta <= settings.imminentHours ? 1 : 0;
  if (imminent) reasons.push({ code: 'eta_imminent', severity: 1, evidence: { hoursToEta: inputs.hoursToEta, threshold: settings.imminentHours } });

  const severity = Math.min(MAX_SEVERITY, base + compounded + imminent);
  let stance = STANCE_ORDER[severity];
  if (stance === 'hedge' && !inputs.hedgeAvailable) {
    stance = 'exit_before_eta';
    reasons.push({ code: 'hedge_unavailable', severity: MAX_SEVERITY, evidence: { hedgeAvailable: false } });
  }
  if (reasons.length === 0) reasons.push({ code: 'no_elevated_risk', severity: 0, evidence: { level: inputs.risk.level, score: inputs.risk.score } });
  return { stance, severity: stance === 'exit_before_eta' ? MAX_SEVERITY : severity, reasons, missing, inputs: { ...inputs, risk: { ...inputs.risk } } };
}
