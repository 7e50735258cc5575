import { riskLevel, type AlertCondition, type AlertMatch, type AlertRule, type AlertScope, type AlertSubject, type RiskLevel } from '@pum/contracts';
import type { SubjectFacts } from './subject-facts';

/** One alert a rule would fire for a subject: the condition state it is for, and what matched. */
export interface Candidate {
  /** `all`: every condition's state joined; `any`: the one condition's. Part of the alert id. */
  state: string;
  matched: AlertMatch[];
}

/** Condition types the service evaluates; the others never match yet (docs/alerts.md). */
export const EVALUATED_CONDITIONS = ['risk', 'lifecycle_stage', 'control_event', 'proposal'] as const satisfies readonly AlertCondition['type'][];

const HOUR_MS = 3_600_000;
const rank = (level: RiskLevel): number => riskLevel.options.indexOf(level);

function inScope(scope: AlertScope, subject: AlertSubject): boolean {
  if (scope.protocolId !== undefined && scope.protocolId !== subject.protocolId) return false;
  if (scope.chainId !== undefined && scope.chainId !== subject.chainId) return false;
  if (scope.contract !== undefined && scope.contract !== subject.contract) return false;
  return true;
}

type Match = Omit<AlertMatch, 'index' | 'condition'>;

function matchRisk(condition: Extract<AlertCondition, { type: 'risk' }>, facts: SubjectFacts): Match | undefined {
  const risk = facts.risk;
  if (!risk || risk.retracted || facts.event?.status === 'retracted') return undefined;
  if (condition.component !== undefined) {
    const score = risk.components[condition.component];
    if (score === undefined || condition.minScore === undefined || score < condition.minScore) return undefined;
    return {
      state: `risk.${condition.component}>=${condition.minScore}`,
      detail: `${condition.component} risk ${score} (at least ${condition.minScore})`,
      evidence: { component: condition.component, componentScore: score, score: risk.score, level: risk.level, assessmentVersion: risk.version },
    };
  }
  if (condition.minScore !== undefined && risk.score < condition.minScore) return undefined;
  if (condition.minLevel !== undefined && rank(risk.level) < rank(condition.minLevel)) return undefined;
  const threshold = [condition.minScore !== undefined ? `score>=${condition.minScore}` : null, condition.minLevel !== undefined ? `level>=${condition.minLevel}` : null].filter(Boolean).join(',');
  return { state: `risk.${threshold}`, detail: `risk ${risk.level} (${risk.score}/100)`, evidence: { score: risk.score, level: risk.level, assessmentVersion: risk.version } };
}

function matchStage(condition: Extract<AlertCondition, { type: 'lifecycle_stage' }>, facts: SubjectFacts): Match | undefined {
  const stage = facts.stage;
  if (!stage || !(condition.stages as readonly string[]).includes(stage.stage)) return undefined;
  if (condition.etaWithinHours !== undefined) {
    if (stage.eta === null || Date.parse(stage.eta) - Date.parse(stage.stageAt) > condition.etaWithinHours * HOUR_MS) return undefined;
  }
  const eta = stage.eta && stage.stage !== 'executed' ? `, ETA ${stage.eta}` : '';
  return { state: `stage=${stage.stage}`, detail: `upgrade ${stage.stage}${eta}`, evidence: { stage: stage.stage, stageAt: stage.stageAt, eta: stage.eta } };
}

function matchControl(condition: Extract<AlertCondition, { type: 'control_event' }>, facts: SubjectFacts): Match | undefined {
  const event = facts.event;
  if (!event || event.status === 'retracted') return undefined;
  const kind = event.controlKinds.find((k) => condition.kinds.includes(k));
  if (!kind) return undefined;
  return { state: `control=${kind}`, detail: kind.replace(/_/g, ' '), evidence: event.evidence };
}

function matchProposal(condition: Extract<AlertCondition, { type: 'proposal' }>, facts: SubjectFacts): Match | undefined {
  const proposal = facts.proposal;
  if (!proposal) return undefined;
  const evidence = { state: proposal.state, passProbability: proposal.passProbability, source: proposal.source };
  switch (condition.on) {
    case 'created':
      return { state: 'proposal=created', detail: `proposal "${proposal.title}" created`, evidence };
    case 'queued':
      return proposal.state === 'queued' ? { state: 'proposal=queued', detail: `proposal "${proposal.title}" queued`, evidence } : undefined;
    case 'pass_probability_above': {
      const p = condition.probability ?? 1;
      if (proposal.passProbability === null || proposal.passProbability < p) return undefined;
      return { state: `pass_probability>=${p}`, detail: `proposal "${proposal.title}" pass probability ${Math.round(proposal.passProbability * 100)} % (at least ${Math.round(p * 100)} %)`, evidence };
    }
  }
}

function matchCondition(condition: AlertCondition, facts: SubjectFacts): Match | undefined {
  if (condition.type === 'ingestion_lag') return undefined;
  if (!inScope(condition.scope, facts.subject)) return undefined;
  switch (condition.type) {
    case 'risk':
      return matchRisk(condition, facts);
    case 'lifecycle_stage':
      return matchStage(condition, facts);
    case 'control_event':
      return matchControl(condition, facts);
    case 'proposal':
      return matchProposal(condition, facts);
    case 'forecast_volatility':
    case 'tvl_change':
    case 'price_move':
      return undefined;
  }
}

/**
 * The alerts a rule fires for a subject's facts: with `all`, one when every condition holds (its
 * state all the states joined); with `any`, one per condition that holds. Pure: the same facts give
 * the same candidates, so a replay or a second replica computes the same alert ids.
 *
 * @example evaluateRule(rule, facts) // [{ state: 'stage=queued', matched: [...] }]
 */
export function evaluateRule(rule: Pick<AlertRule, 'conditions' | 'match'>, facts: SubjectFacts): Candidate[] {
  const matches = rule.conditions.map((condition, index) => {
    const match = matchCondition(condition, facts);
    return match ? { ...match, index, condition: condition.type } : undefined;
  });
  if (rule.match === 'all') {
    if (matches.some((m) => m === undefined)) return [];
    const matched = matches as AlertMatch[];
    return [{ state: matched.map((m) => `${m.index}:${m.state}`).join('&'), matched }];
  }
  return matches.filter((m): m is AlertMatch => m !== undefined).map((m) => ({ state: `${m.index}:${m.state}`, matched: [m] }));
}

/** Subject types a rule can fire on (`all`: every condition's types; `any`: any condition's), to select rules per message. */
export function subjectTypesOf(rule: Pick<AlertRule, 'conditions' | 'match'>): AlertSubject['type'][] {
  const per = rule.conditions.map((condition): AlertSubject['type'][] => {
    switch (condition.type) {
      case 'risk':
        return ['upgrade', 'event'];
      case 'lifecycle_stage':
        return ['upgrade'];
      case 'control_event':
        return ['event'];
      case 'proposal':
        return ['proposal'];
      case 'forecast_volatility':
      case 'tvl_change':
      case 'price_move':
        return ['series'];
      case 'ingestion_lag':
        return [];
    }
  });
  const union = [...new Set(per.flat())];
  return rule.match === 'all' ? union.filter((type) => per.every((types) => types.includes(type))) : union;
}
