import { featureVector } from './features';
import type { UpgradeRiskModel } from './risk-model';
import { ruleScore, type RulePoint } from './rule-score';
import { scoreRow, type FeatureContribution } from './score-row';
import type { UpgradeFacts } from './upgrade-row';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

/** How model and rules combine (docs/risk-model.md): a weighted mean of both probabilities. */
export interface CombinationWeights {
  model: number;
  rules: number;
}

/** Equal weights, fixed before evaluation: neither the 62-row model nor the rule is trusted alone. */
export const DEFAULT_WEIGHTS: CombinationWeights = { model: 0.5, rules: 0.5 };

/** Combined share (0–1) at or above which an action is flagged; the CV figures are reported at it. */
export const OPERATING_THRESHOLD = 0.5;

/**
 * Levels on the 0–100 score: below 25 low, 25–49 medium, 50–74 high, 75 or more critical.
 * `high` starts at the operating threshold.
 */
export function riskLevel(score: number): RiskLevel {
  if (score >= 75) return 'critical';
  if (score >= 50) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}

export interface Assessment {
  /** 0–100: round(100 × (w_model × probability + w_rules × ruleScore)). */
  score: number;
  level: RiskLevel;
  probability: number;
  baseRate: number;
  ruleScore: number;
  ruleReasons: RulePoint[];
  /** Features by |contribution|, largest first; zero contributions left out. */
  topFactors: FeatureContribution[];
  modelVersion: string;
}

/**
 * Assesses one action from its pre-execution facts with the model and the rule.
 *
 * @example assess(model, facts).level // 'high'
 */
export function assess(model: UpgradeRiskModel, facts: UpgradeFacts, weights: CombinationWeights = DEFAULT_WEIGHTS): Assessment {
  const row = scoreRow(model, featureVector(facts));
  const rules = ruleScore(facts);
  const combined = (weights.model * row.probability + weights.rules * rules.score) / (weights.model + weights.rules);
  const score = Math.round(100 * combined);
  return {
    score,
    level: riskLevel(score),
    probability: row.probability,
    baseRate: row.baseRate,
    ruleScore: rules.score,
    ruleReasons: rules.reasons,
    topFactors: row.contributions
      .filter((c) => c.contribution !== 0)
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature)),
    modelVersion: model.modelVersion,
  };
}
