import { createHash } from 'node:crypto';
import { riskLevel, type AlertCondition, type AlertMatch, type AlertRule, type AlertScope, type AlertSubject, type RiskLevel } from '@pum/contracts';
import type { SubjectFacts } from './subject-facts';

/** One alert a rule would fire for a subject: the condition state it is for, and what matched. */
export interface Candidate {
  /** `all`: every condition's state joined; `any`: the one condition's. Part of the alert id. */
  state: string;
  matched: AlertMatch[];
}

/**
 * Conditions on a level that comes and goes (a price move, TVL change, forecast volatility, ingestion lag): each fires
 * once per crossing — the alert's state names when the condition began to hold — and is re-armed by the first message
 * of the subject that no longer meets it (docs/alerts.md).
 */
export const CROSSING_CONDITIONS = ['forecast_volatility', 'tvl_change', 'price_move', 'ingestion_lag'] as const satisfies readonly AlertCondition['type'][];
type CrossingCondition = Extract<AlertCondition, { type: (typeof CROSSING_CONDITIONS)[number] }>;

const isCrossing = (condition: AlertCondition): condition is CrossingCondition => (CROSSING_CONDITIONS as readonly string[]).includes(condition.type);

const HOUR_MS = 3_600_000;
const rank = (level: RiskLevel): number => riskLevel.options.indexOf(level);

/**
 * Where a rule's crossing of one condition is kept in a subject's facts: the rule, the condition's place and a hash of
 * the condition, so an edited threshold starts a crossing of its own.
 *
 * @example crossingKey('r1', 0, { type: 'ingestion_lag', chainId: 1, minBlocks: 50 }) // 'r1#0#3f9a…' (12 hex)
 */
export function crossingKey(ruleId: string, index: number, condition: AlertCondition): string {
  return `${ruleId}#${index}#${createHash('sha256').update(JSON.stringify(condition)).digest('hex').slice(0, 12)}`;
}

/** `3600` → `1 h`, `90` → `90 s`. */
function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

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
    if (stage.eta === null || Date.parse(stage.eta) - Date.parse(stage.asOf ?? stage.stageAt) > condition.etaWithinHours * HOUR_MS) return undefined;
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

function matchVolatility(condition: Extract<AlertCondition, { type: 'forecast_volatility' }>, facts: SubjectFacts): Match | undefined {
  const forecast = facts.volatility;
  if (!forecast || forecast.value < condition.minVolatility) return undefined;
  return {
    state: `volatility>=${condition.minVolatility}`,
    detail: `forecast volatility ${round(forecast.value, 4)} per bar (at least ${condition.minVolatility})`,
    evidence: { volatility: forecast.value, at: forecast.at, model: forecast.model, forecastId: forecast.forecastId },
  };
}

/**
 * The move of a series within a window: the larger of the rise from the window's low and the fall from its high, in
 * percent of that low or high (a low of 0 measures no rise). Signed in the evidence: up positive, down negative.
 */
function matchMove(condition: Extract<AlertCondition, { type: 'price_move' | 'tvl_change' }>, facts: SubjectFacts): Match | undefined {
  const series = facts.series;
  if (!series || series.metric !== (condition.type === 'price_move' ? 'price' : 'tvl')) return undefined;
  const range = series.windows[String(condition.windowSeconds)];
  if (!range) return undefined;
  const value = series.latest.value;
  const up = range.low > 0 ? ((value - range.low) / range.low) * 100 : 0;
  const down = range.high > 0 ? ((range.high - value) / range.high) * 100 : 0;
  const rising = up >= down;
  const change = rising ? up : down;
  if (change < condition.minChangePercent) return undefined;
  const what = condition.type === 'price_move' ? 'price' : 'TVL';
  const from = rising ? range.low : range.high;
  return {
    state: `${condition.type}>=${condition.minChangePercent}%/${condition.windowSeconds}s`,
    detail: `${what} ${rising ? 'up' : 'down'} ${round(change)} % within ${duration(condition.windowSeconds)} (${from} → ${value}, at least ${condition.minChangePercent} %)`,
    evidence: {
      value,
      at: series.latest.at,
      from,
      fromAt: rising ? range.lowAt : range.highAt,
      changePercent: round(rising ? change : -change, 4),
      windowSeconds: condition.windowSeconds,
      points: range.points,
      tickId: series.latest.tickId,
    },
  };
}

function matchLag(condition: Extract<AlertCondition, { type: 'ingestion_lag' }>, facts: SubjectFacts): Match | undefined {
  const network = facts.network;
  if (!network || facts.subject.chainId !== condition.chainId || network.lagBlocks <= condition.minBlocks) return undefined;
  return {
    state: `lag>${condition.minBlocks}`,
    detail: `${network.name} ingestion ${network.lagBlocks} blocks behind its head (more than ${condition.minBlocks})`,
    evidence: { network: network.name, status: network.status, lagBlocks: network.lagBlocks, headBlock: network.headBlock, ingestedBlock: network.ingestedBlock, polledAt: network.polledAt },
  };
}

function matchCondition(condition: AlertCondition, facts: SubjectFacts): Match | undefined {
  if (condition.type === 'ingestion_lag') return matchLag(condition, facts);
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
      return matchVolatility(condition, facts);
    case 'tvl_change':
    case 'price_move':
      return matchMove(condition, facts);
  }
}

/**
 * The subject's open crossings after a message, for the live rules that can fire on it: a crossing condition that
 * holds keeps the time it began (or begins at `asOf`, the message's time); one that no longer holds is dropped, which
 * re-arms it. Keys of rules no longer live drop out too.
 *
 * @example advanceCrossings(rules, facts, message.occurredAt) // { ...facts, crossings: { 'r1#0#3f9a…': '2026-…' } }
 */
export function advanceCrossings(rules: readonly Pick<AlertRule, 'ruleId' | 'conditions'>[], facts: SubjectFacts, asOf: string): SubjectFacts {
  const crossings: Record<string, string> = {};
  for (const rule of rules) {
    rule.conditions.forEach((condition, index) => {
      if (!isCrossing(condition) || !matchCondition(condition, facts)) return;
      const key = crossingKey(rule.ruleId, index, condition);
      crossings[key] = facts.crossings?.[key] ?? asOf;
    });
  }
  return { ...facts, crossings };
}

/**
 * The alerts a rule fires for a subject's facts: with `all`, one when every condition holds (its
 * state all the states joined); with `any`, one per condition that holds. Pure: the same facts give
 * the same candidates, so a replay or a second replica computes the same alert ids. Crossing
 * conditions hold only with their crossing open in the facts (`advanceCrossings` first).
 *
 * @example evaluateRule(rule, facts) // [{ state: 'stage=queued', matched: [...] }]
 */
export function evaluateRule(rule: Pick<AlertRule, 'ruleId' | 'conditions' | 'match'>, facts: SubjectFacts): Candidate[] {
  const matches = rule.conditions.map((condition, index): AlertMatch | undefined => {
    const match = matchCondition(condition, facts);
    if (!match) return undefined;
    if (!isCrossing(condition)) return { ...match, index, condition: condition.type };
    // A crossing's alert is the crossing's: its start is part of the state (advanceCrossings keeps it).
    const since = facts.crossings?.[crossingKey(rule.ruleId, index, condition)];
    return since === undefined ? undefined : { ...match, state: `${match.state}@${since}`, evidence: { ...match.evidence, since }, index, condition: condition.type };
  });
  if (rule.match === 'all') {
    if (matches.some((m) => m === undefined)) return [];
    const matched = matches as AlertMatch[];
    return [{ state: matched.map((m) => `${m.index}:${m.state}`).join('&'), matched }];
  }
  return matches.filter((m): m is AlertMatch => m !== undefined).map((m) => ({ state: `${m.index}:${m.state}`, matched: [m] }));
}

/**
 * When an upgrade's ETA enters the window of a rule's `etaWithinHours` stage condition that does not hold yet only
 * because the ETA is further away: `eta − etaWithinHours`, for each such condition whose stage and scope match. The
 * service keeps these as durable timers and evaluates the upgrade again when one comes due (`mergeEtaTimer`).
 *
 * @example etaTimersOf(rules, queuedFacts) // ['2026-06-01T00:00:00.000Z'] for an ETA of 06-02 and a 24 h window
 */
export function etaTimersOf(rules: readonly Pick<AlertRule, 'conditions'>[], facts: SubjectFacts): string[] {
  const stage = facts.stage;
  if (facts.subject.type !== 'upgrade' || !stage || stage.eta === null) return [];
  const eta = Date.parse(stage.eta);
  const asOf = Date.parse(stage.asOf ?? stage.stageAt);
  const dues = rules.flatMap((rule) =>
    rule.conditions.flatMap((c) => {
      if (c.type !== 'lifecycle_stage' || c.etaWithinHours === undefined || !(c.stages as readonly string[]).includes(stage.stage) || !inScope(c.scope, facts.subject)) return [];
      const due = eta - c.etaWithinHours * HOUR_MS;
      return due > asOf ? [new Date(due).toISOString()] : [];
    }),
  );
  return [...new Set(dues)].sort();
}

/**
 * The window lengths (seconds) the rules' price or TVL conditions need for a series, so only those are read.
 *
 * @example marketWindowsOf(rules, subject, 'price') // [3600, 86400]
 */
export function marketWindowsOf(rules: readonly Pick<AlertRule, 'conditions'>[], subject: AlertSubject, metric: 'price' | 'tvl'): number[] {
  const type = metric === 'price' ? 'price_move' : 'tvl_change';
  const windows = rules.flatMap((rule) => rule.conditions.flatMap((c) => (c.type === type && inScope(c.scope, subject) ? [c.windowSeconds] : [])));
  return [...new Set(windows)].sort((a, b) => a - b);
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
        return ['network'];
    }
  });
  const union = [...new Set(per.flat())];
  return rule.match === 'all' ? union.filter((type) => per.every((types) => types.includes(type))) : union;
}
