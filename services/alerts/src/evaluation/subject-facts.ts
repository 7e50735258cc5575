import {
  isUpgradeEvent,
  marketSeriesId,
  type AlertControlKind,
  type AlertSubject,
  type ForecastVolatility,
  type GovernanceProposal,
  type MarketMetric,
  type MarketTick,
  type NetworkStatus,
  type ProtocolEvent,
  type RiskAssessment,
  type RiskComponentName,
  type RiskLevel,
  type UpgradeLifecycle,
  type UpgradeStage,
} from '@pum/contracts';

type Scalar = string | number | boolean | null;

/**
 * What the service knows of one subject, merged from every input topic that speaks of it — so a
 * rule whose conditions span topics (`all` of a stage and a risk level) is evaluated on one state.
 */
export interface SubjectFacts {
  subject: AlertSubject;
  /**
   * Upgrades: the lifecycle's latest stage. `asOf`: the latest time the stage is known to hold at — its time, moved on
   * by the ETA timers that came due while it held (what `etaWithinHours` is read against).
   */
  stage?: { stage: Exclude<UpgradeStage, 'retracted'>; stageAt: string; eta: string | null; executionEventId: string | null; title: string | null; asOf?: string };
  /** The subject's latest risk assessment (by version, then time). */
  risk?: { score: number; level: RiskLevel; components: Partial<Record<RiskComponentName, number>>; version: number; assessedAt: string; retracted: boolean };
  /** Protocol events: the event's kind, status and the control-plane kinds it amounts to. */
  event?: { kind: string; status: ProtocolEvent['status']; controlKinds: AlertControlKind[]; upgrade: boolean; evidence: Record<string, Scalar> };
  /** Proposals: state, pass probability and title. */
  proposal?: { state: GovernanceProposal['state']; passProbability: number | null; title: string; source: GovernanceProposal['source'] };
  /** Market series (subject id `marketSeriesId`): the latest price or TVL tick and the range of each window a rule asks for. */
  series?: SeriesFacts;
  /** Market series: the latest series forecast of its volatility (the first step's per-bar sigma). */
  volatility?: { value: number; at: string; inputTo: string; model: ForecastVolatility['model']; forecastId: string; marketSubject: MarketTick['subject'] };
  /** Networks (subject id: the chain id): ingest-chain's latest status. */
  network?: { name: string; status: NetworkStatus['status']; lagBlocks: number; headBlock: string | null; ingestedBlock: string | null; polledAt: string };
  /**
   * Open crossings of threshold conditions (price, TVL, volatility, lag): `crossingKey` → when the condition began to
   * hold. A crossing is one alert; it closes (re-arms) on the first message of the subject that no longer meets it.
   */
  crossings?: Record<string, string>;
}

/** The low and high of a series within `[at − window, at]` (the tick at `at` included). */
export interface WindowRange {
  low: number;
  lowAt: string;
  high: number;
  highAt: string;
  points: number;
}

export interface SeriesFacts {
  metric: MarketMetric;
  source: MarketTick['source'];
  marketSubject: MarketTick['subject'];
  latest: { value: number; at: string; tickId: string };
  /** Keyed by window length in seconds. */
  windows: Record<string, WindowRange>;
}

/** A merge result: the new facts, whether the message took a fact back (a reorg), and whether it was older than the facts (nothing to store or evaluate). */
export interface FactsUpdate {
  facts: SubjectFacts;
  retraction: boolean;
  stale?: boolean;
}

const pick = <T>(next: T | null | undefined, prev: T | null | undefined): T | null => next ?? prev ?? null;

function subjectOf(prev: SubjectFacts | undefined, subject: AlertSubject): AlertSubject {
  if (!prev) return subject;
  return {
    ...subject,
    chainId: pick(subject.chainId, prev.subject.chainId),
    contract: pick(subject.contract, prev.subject.contract),
    protocolId: pick(subject.protocolId, prev.subject.protocolId),
  };
}

/** An upgrade lifecycle stage: the stage it reached, or on `retracted` the one it is back in (none when its first stage went). */
export function mergeLifecycle(prev: SubjectFacts | undefined, change: UpgradeLifecycle): FactsUpdate {
  const subject = subjectOf(prev, { type: 'upgrade', id: change.upgradeId, chainId: change.chainId, contract: change.target, protocolId: change.protocolId });
  const title = change.proposal?.title ?? prev?.stage?.title ?? null;
  const stage = change.stage === 'retracted' ? (change.revertedTo ?? null) : change.stage;
  if (stage === null) return { facts: { ...prev, subject, stage: undefined }, retraction: true };
  // The clock an ETA window is read against never runs back for the same stage and ETA (a replay, a reorg back to it).
  const before = prev?.stage?.stage === stage && prev.stage.eta === change.eta ? prev.stage.asOf : undefined;
  const asOf = before !== undefined && Date.parse(before) > Date.parse(change.stageAt) ? before : change.stageAt;
  return {
    facts: { ...prev, subject, stage: { stage, stageAt: change.stageAt, eta: change.eta, executionEventId: change.executionEventId, title, asOf } },
    retraction: change.stage === 'retracted',
  };
}

/**
 * An ETA timer of an upgrade came due at `dueAt`: the stage is known to hold at that time (it is still the latest
 * stage), so its `asOf` moves on to it. Without a stage nothing changes.
 */
export function mergeEtaTimer(prev: SubjectFacts | undefined, dueAt: string): FactsUpdate {
  const stage = prev?.stage;
  if (!prev || !stage) return { facts: prev ?? { subject: { type: 'upgrade', id: '', chainId: null, contract: null, protocolId: null } }, retraction: false, stale: true };
  const asOf = stage.asOf !== undefined && Date.parse(stage.asOf) > Date.parse(dueAt) ? stage.asOf : dueAt;
  return { facts: { ...prev, stage: { ...stage, asOf } }, retraction: false };
}

/** A risk assessment: the highest version wins (an older one arriving late changes nothing). */
export function mergeRisk(prev: SubjectFacts | undefined, assessment: RiskAssessment): FactsUpdate {
  const type = assessment.subjectType === 'lifecycle' ? 'upgrade' : 'event';
  const subject = subjectOf(prev, { type, id: assessment.subjectId, chainId: assessment.chainId, contract: assessment.contract, protocolId: assessment.protocolId });
  const version = assessment.assessmentVersion ?? 1;
  const assessedAt = assessment.assessedAt ?? '';
  const current = prev?.risk;
  const retracted = assessment.subjectStatus === 'retracted';
  if (current && !retracted && (current.version > version || (current.version === version && current.assessedAt > assessedAt))) {
    return { facts: { ...prev, subject }, retraction: false };
  }
  const components = Object.fromEntries(Object.entries(assessment.components ?? {}).map(([name, component]) => [name, component.score]));
  return { facts: { ...prev, subject, risk: { score: assessment.score, level: assessment.level, components, version, assessedAt, retracted } }, retraction: retracted };
}

/** The control-plane kinds a protocol event amounts to (a lowered Safe threshold or timelock delay compares with the value before). */
export function controlKindsOf(event: ProtocolEvent): AlertControlKind[] {
  if (event.kind === 'admin_changed' || event.kind === 'ownership_transferred' || event.kind === 'role_granted' || event.kind === 'paused') return [event.kind];
  if (event.kind === 'safe_threshold_changed') {
    return event.previousSafeThreshold !== null && Number(event.threshold) < event.previousSafeThreshold ? ['safe_threshold_lowered'] : [];
  }
  if (event.kind === 'timelock_min_delay_changed') return BigInt(event.newDelay) < BigInt(event.oldDelay) ? ['timelock_delay_lowered'] : [];
  // Compound's NewDelay names no old delay: a lowered one is not recognised (docs/alerts.md).
  return [];
}

/** The facts of an event a reader checks: who, what, the values before and after. */
function evidenceOf(event: ProtocolEvent): Record<string, Scalar> {
  const base: Record<string, Scalar> = { kind: event.kind, status: event.status, blockNumber: event.blockNumber, transactionHash: event.transactionHash };
  if (event.kind === 'admin_changed') return { ...base, previousAdmin: event.previousAdmin, newAdmin: event.newAdmin, newAdminCodeSize: event.newAdminCodeSize };
  if (event.kind === 'ownership_transferred') return { ...base, previousOwner: event.previousOwner, newOwner: event.newOwner, newOwnerCodeSize: event.newOwnerCodeSize };
  if (event.kind === 'role_granted') return { ...base, role: event.role, account: event.account, sender: event.sender };
  if (event.kind === 'paused') return { ...base, account: event.account };
  if (event.kind === 'safe_threshold_changed') return { ...base, threshold: event.threshold, previousThreshold: event.previousSafeThreshold };
  if (event.kind === 'timelock_min_delay_changed') return { ...base, oldDelay: event.oldDelay, newDelay: event.newDelay };
  if (event.kind === 'upgraded') return { ...base, previousImplementation: event.previousImplementation, newImplementation: event.newImplementation };
  return base;
}

/** A protocol event at its status; `retracted` takes it back. */
export function mergeProtocolEvent(prev: SubjectFacts | undefined, event: ProtocolEvent): FactsUpdate {
  const subject = subjectOf(prev, { type: 'event', id: event.eventId, chainId: event.chainId, contract: event.contract, protocolId: event.protocolId });
  const facts: SubjectFacts = { ...prev, subject, event: { kind: event.kind, status: event.status, controlKinds: controlKindsOf(event), upgrade: isUpgradeEvent(event), evidence: evidenceOf(event) } };
  return { facts, retraction: event.status === 'retracted' && prev?.event !== undefined && prev.event.status !== 'retracted' };
}

/** A proposal version: its state and pass probability. */
export function mergeProposal(prev: SubjectFacts | undefined, proposal: GovernanceProposal): FactsUpdate {
  const subject = subjectOf(prev, { type: 'proposal', id: proposal.proposalKey, chainId: proposal.chainId, contract: null, protocolId: proposal.protocolId });
  return {
    facts: { ...prev, subject, proposal: { state: proposal.state, passProbability: proposal.analysis?.passProbability ?? null, title: proposal.title, source: proposal.source } },
    retraction: false,
  };
}

const poolLike = /^\d+:(0x[0-9a-fA-F]{40})$/;

/** The alert subject of a market series: its protocol and chain, and the contract of a pool, feed or token (`chainId:address` ids). */
export function seriesSubject(series: Pick<MarketTick, 'source' | 'subject' | 'metric' | 'chainId' | 'protocolId'>): AlertSubject {
  const address = poolLike.exec(series.subject.id)?.[1]?.toLowerCase() as `0x${string}` | undefined;
  return { type: 'series', id: marketSeriesId(series), chainId: series.chainId, contract: address ?? null, protocolId: series.protocolId };
}

/**
 * A price or TVL tick with the ranges of the windows its rules ask for (read from the stored ticks). A tick older
 * than the latest of its series is stored for the windows but evaluates nothing (`stale`).
 */
export function mergeMarketTick(prev: SubjectFacts | undefined, tick: MarketTick, windows: Record<string, WindowRange>): FactsUpdate {
  const subject = subjectOf(prev, seriesSubject(tick));
  const latest = prev?.series?.latest;
  if (latest && Date.parse(latest.at) > Date.parse(tick.timestamp)) return { facts: { ...prev, subject }, retraction: false, stale: true };
  const series: SeriesFacts = { metric: tick.metric, source: tick.source, marketSubject: tick.subject, latest: { value: tick.value, at: tick.timestamp, tickId: tick.tickId }, windows };
  return { facts: { ...prev, subject, series }, retraction: false };
}

/** A series volatility forecast (event windows are about an upgrade, not a series, and are not read); a forecast of older data, or one without a step, changes nothing. */
export function mergeVolatility(prev: SubjectFacts | undefined, forecast: ForecastVolatility): FactsUpdate {
  const subject = subjectOf(prev, seriesSubject(forecast.series));
  const first = forecast.forecasts[0];
  const current = prev?.volatility;
  if (forecast.kind !== 'series' || !first || (current && Date.parse(current.inputTo) > Date.parse(forecast.input.to))) return { facts: { ...prev, subject }, retraction: false, stale: true };
  return { facts: { ...prev, subject, volatility: { value: first.volatility, at: first.at, inputTo: forecast.input.to, model: forecast.model, forecastId: forecast.forecastId, marketSubject: forecast.series.subject } }, retraction: false };
}

/** A network's ingestion status; an older one (by `polledAt`) changes nothing. */
export function mergeNetworkStatus(prev: SubjectFacts | undefined, status: NetworkStatus): FactsUpdate {
  const subject: AlertSubject = { type: 'network', id: String(status.chainId), chainId: status.chainId, contract: null, protocolId: null };
  if (prev?.network && Date.parse(prev.network.polledAt) > Date.parse(status.polledAt)) return { facts: { ...prev, subject }, retraction: false, stale: true };
  const network = { name: status.network, status: status.status, lagBlocks: status.lagBlocks, headBlock: status.headBlock, ingestedBlock: status.ingestedBlock, polledAt: status.polledAt };
  return { facts: { ...prev, subject, network }, retraction: false };
}

/**
 * The gateway path of a subject's page: an executed upgrade's event, a lifecycle, an event, a proposal.
 *
 * @example linkOf(facts) // '/lifecycle/1%3A0xab%3Aimpl%3A0xcd%23eoa'
 */
export function linkOf(facts: SubjectFacts): string {
  const id = encodeURIComponent(facts.subject.id);
  switch (facts.subject.type) {
    case 'upgrade':
      return facts.stage?.executionEventId ? `/upgrades/${encodeURIComponent(facts.stage.executionEventId)}` : `/lifecycle/${id}`;
    case 'event':
      return facts.event?.upgrade ? `/upgrades/${id}` : `/events/${id}`;
    case 'proposal':
      return `/proposals/${id}`;
    case 'series': {
      const market = facts.series?.marketSubject;
      const metric = facts.series?.metric;
      if (market && (metric === 'price' || metric === 'tvl')) return `/realtime/${metric === 'price' ? 'prices' : 'tvl'}?subjectType=${market.type}&subject=${encodeURIComponent(market.id)}`;
      const forecast = facts.volatility?.marketSubject;
      return forecast ? `/forecasts?kind=volatility&subjectType=${forecast.type}&subject=${encodeURIComponent(forecast.id)}` : '/forecasts?kind=volatility';
    }
    case 'network':
      return '/networks';
  }
}
