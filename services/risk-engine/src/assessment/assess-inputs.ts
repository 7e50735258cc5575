import type { RiskComponent, RiskComponentName, RiskFactor, RiskLevel, RiskModelOutput, RiskRecommendation } from '@pum/contracts';
import { assess as assessWithModel, type ActionKind, type Authority, type UpgradeFacts, type UpgradeRiskModel } from '@pum/risk-model';
import { levelOf } from '../rules/upgrade-rules';
import { governanceComponent, type GovernanceSettings } from './governance-component';
import type { AssessmentInputs } from './inputs';
import { liquidityComponent, type LiquiditySettings } from './liquidity-component';
import { marketComponent } from './market-component';
import { recommendationsFor } from './recommendations';
import { TECHNICAL_FLOORS, technicalComponent } from './technical-component';

export interface AssessmentSettings extends GovernanceSettings, LiquiditySettings {
  weights: Record<RiskComponentName, number>;
  /** Share of the model-backed score in the governance component (docs/risk-rules.md). */
  modelWeight: number;
}

export interface AssessedInputs {
  score: number;
  level: RiskLevel;
  components: Record<RiskComponentName, RiskComponent>;
  /** Every factor, with its contribution to the score, largest first. */
  factors: RiskFactor[];
  recommendations: RiskRecommendation[];
  model: RiskModelOutput | null;
}

const COMPONENTS: RiskComponentName[] = ['technical', 'governance', 'market', 'liquidity'];

/**
 * The assessment of one set of inputs — a pure function, so equal inputs (equal `inputsHash`) give an
 * equal assessment. Score = Σ weight × component / Σ weight, where governance blends its rules with the
 * model (weight `modelWeight`), raised to the floors of hard technical findings; see docs/risk-rules.md.
 *
 * @example assessInputs(inputs, model, settings).level // 'high'
 */
export function assessInputs(inputs: AssessmentInputs, model: UpgradeRiskModel, settings: AssessmentSettings): AssessedInputs {
  if (inputs.subject.status === 'retracted') return retracted(inputs);
  const facts = modelFacts(inputs);
  const modelRun = facts ? assessWithModel(model, facts) : null;
  const rulesGovernance = governanceComponent(inputs, settings);
  const governance = modelRun ? blendModel(rulesGovernance, modelRun.score, modelRun.probability, settings.modelWeight) : rulesGovernance;
  const components: Record<RiskComponentName, RiskComponent> = {
    technical: technicalComponent(inputs),
    governance,
    market: marketComponent(inputs),
    liquidity: liquidityComponent(inputs, settings),
  };
  const totalWeight = COMPONENTS.reduce((sum, name) => sum + settings.weights[name], 0);
  const weighted = COMPONENTS.reduce((sum, name) => sum + settings.weights[name] * components[name].score, 0) / totalWeight;
  const modelShare = modelRun ? settings.modelWeight : 0;
  const factors = COMPONENTS.flatMap((name) =>
    components[name].factors.map((factor) => {
      // A factor's points move its component; governance rules count for (1 − model weight) of it, the model factor for the rest.
      const share = name === 'governance' ? (factor.rule === 'model_assessment' ? 1 : 1 - modelShare) : 1;
      return { ...factor, contribution: round2((settings.weights[name] / totalWeight) * share * factor.points) };
    }),
  ).sort((a, b) => (b.contribution ?? 0) - (a.contribution ?? 0) || a.rule.localeCompare(b.rule));
  const floor = Math.max(0, ...factors.map((factor) => TECHNICAL_FLOORS[factor.rule] ?? 0));
  const score = Math.max(floor, Math.min(100, Math.round(weighted)));
  const assessed = {
    score,
    level: levelOf(score),
    components,
    factors,
    model: modelRun
      ? { version: modelRun.modelVersion, probability: modelRun.probability, contributions: modelRun.topFactors.map((f) => ({ feature: f.feature, value: f.value, contribution: f.contribution })) }
      : null,
  };
  return { ...assessed, recommendations: recommendationsFor(inputs, assessed) };
}

/** The subject left the canonical chain (or its first stage was taken back): nothing happened. */
function retracted(inputs: AssessmentInputs): AssessedInputs {
  const factor: RiskFactor = { rule: 'retracted', points: 0, detail: `${inputs.subject.type} ${inputs.subject.id} was retracted`, component: 'technical', evidence: { subjectId: inputs.subject.id }, contribution: 0 };
  const empty = { score: 0, factors: [] };
  return { score: 0, level: 'low', components: { technical: { score: 0, factors: [factor] }, governance: empty, market: empty, liquidity: empty }, factors: [factor], recommendations: [], model: null };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The governance component: (1 − w) × its rules' score + w × the model-backed score (model and rule baseline, @pum/risk-model `assess`). */
function blendModel(rules: RiskComponent, modelScore: number, probability: number, weight: number): RiskComponent {
  const score = Math.max(0, Math.min(100, Math.round((1 - weight) * rules.score + weight * modelScore)));
  const factor: RiskFactor = {
    rule: 'model_assessment',
    points: modelScore,
    detail: `trained model: incident probability ${(probability * 100).toFixed(0)} % (model and rule baseline ${modelScore}/100)`,
    component: 'governance',
    evidence: { probability, modelScore },
  };
  return { score, factors: [...rules.factors, factor] };
}

const MODEL_ACTIONS: Record<string, ActionKind> = {
  upgrade_to: 'implementation_upgrade',
  upgrade_to_and_call: 'implementation_upgrade',
  proxy_admin_upgrade: 'implementation_upgrade',
  proxy_admin_upgrade_and_call: 'implementation_upgrade',
  upgraded: 'implementation_upgrade',
  beacon_upgrade_to: 'beacon_upgrade',
  beacon_upgraded: 'beacon_upgrade',
  diamond_cut: 'diamond_cut',
  change_admin: 'admin_change',
  admin_changed: 'admin_change',
  ownership_transferred: 'owner_change',
  safe_owner_added: 'multisig_change',
  safe_owner_removed: 'multisig_change',
  safe_threshold_changed: 'multisig_change',
};

/**
 * The model's facts (the same `UpgradeFacts` as the training rows) from the stored facts; null for
 * actions the data set has no rows of (pauses, roles, modules, guards, delay changes).
 */
export function modelFacts(inputs: AssessmentInputs): UpgradeFacts | null {
  const action = MODEL_ACTIONS[inputs.action.kind];
  if (action === undefined) return null;
  const { authority } = inputs;
  const safe = authority.safe && authority.safe.threshold !== null && authority.safe.owners !== null ? { threshold: authority.safe.threshold, owners: authority.safe.owners } : null;
  const delay = authority.timelock?.delaySeconds ?? null;
  const keyHolder: Authority | null = authority.eoa !== null || authority.kind === 'eoa' ? 'eoa' : authority.safe !== null || authority.kind === 'multisig' ? 'multisig' : null;
  const modelAuthority: Authority =
    authority.kind === 'governor'
      ? authority.timelock ? 'governor_timelock' : 'governor_no_timelock'
      : authority.timelock && keyHolder === null ? 'timelock_only'
        : keyHolder ?? (authority.kind === 'timelock' ? 'timelock_only' : 'unknown');
  return {
    action,
    authority: modelAuthority,
    multisig: modelAuthority === 'multisig' || authority.safe ? safe : modelAuthority === 'eoa' ? { threshold: 1, owners: 1 } : null,
    timelockDelayHours: delay === null ? (authority.timelock ? null : 0) : delay / 3600,
    governanceBypassed: authority.protocolHasGovernor ? keyHolder !== null && authority.kind !== 'governor' : null,
    contractAgeDays: inputs.deployment?.ageDays ?? null,
    audited: null,
  };
}
