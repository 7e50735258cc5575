import {
  TOPICS,
  catalogue,
  governanceProposalMessageId,
  guidanceId,
  marketTickId,
  networkStatusMessageId,
  proposalKey,
  protocolEventMessageId,
  sentimentMessageId,
  upgradeLifecycleMessageId,
  versionedAssessmentId,
  type ForecastLiquidity,
  type GuidancePayload,
  type ForecastSeries,
  type ForecastVolatility,
  type GovernanceProposal,
  type MarketTick,
  type MessageOf,
  type NetworkStatus,
  type ProtocolEvent,
  type RiskAssessment,
  type RiskComponentName,
  type Sentiment,
  type UpgradeLifecycle,
  type UpgradeReference,
} from '@pum/contracts';
import { randomBytes } from 'node:crypto';

/**
 * Messages of the result topics for gateway tests. Each is parsed with its catalogue schema, so a
 * fixture that drifts from the contract fails here, not as a confusing dead letter.
 */
const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;

function envelope<T extends keyof typeof catalogue>(topic: T, type: string, id: string, occurredAt: string, payload: unknown, producedAt = new Date().toISOString()): MessageOf<T> {
  return catalogue[topic].parse({ version: 1, type, id, occurredAt, producedAt, source: 'test', payload }) as MessageOf<T>;
}

/** One upgrade's identity: a governor proposal upgrading a proxy to a new implementation. */
export function governedUpgrade(protocolId: string) {
  const target = hex(20);
  const newImplementation = hex(20);
  const governor = hex(20);
  return {
    upgradeId: `31337:${target}:impl:${newImplementation}#governor:${governor}:42`,
    chainId: 31337,
    target,
    protocolId,
    upgradeKind: 'upgrade_to',
    newImplementation,
    authority: 'governor' as const,
    proposal: { source: 'governor' as const, id: '42', space: governor, title: 'Upgrade the vault', url: null },
  };
}

/** A valid `upgrades.lifecycle.v1` stage message of the given upgrade. */
export function lifecycleMessage(
  upgrade: ReturnType<typeof governedUpgrade>,
  stage: UpgradeLifecycle['stage'],
  facts: Partial<Pick<UpgradeLifecycle, 'timelock' | 'eta' | 'executionEventId' | 'stageAt' | 'revertedTo'>> = {},
  producedAt?: string,
): MessageOf<'upgrades.lifecycle.v1'> {
  const payload: UpgradeLifecycle = {
    ...upgrade,
    stage,
    stageAt: facts.stageAt ?? new Date().toISOString(),
    timelock: facts.timelock ?? null,
    eta: facts.eta ?? null,
    executionEventId: facts.executionEventId ?? null,
    ...(facts.revertedTo === undefined ? {} : { revertedTo: facts.revertedTo }),
    evidence: `31337:${hex(32)}:0@${hex(32)}`,
  };
  return envelope(TOPICS.upgradesLifecycle, 'upgrade.lifecycle', upgradeLifecycleMessageId(payload), payload.stageAt, payload, producedAt);
}

/** A valid `governance.proposals.v1` message of an on-chain proposal with its voting analysis. */
export function proposalMessage(
  protocolId: string,
  version: Pick<GovernanceProposal, 'state' | 'votes'> & { passProbability: number; id?: string; asOf?: string },
  producedAt?: string,
): MessageOf<'governance.proposals.v1'> {
  const space = `0x${'ab'.repeat(20)}`;
  const id = version.id ?? BigInt(hex(8)).toString();
  const createdAt = '2026-11-01T00:00:00.000Z';
  const asOf = version.asOf ?? new Date().toISOString();
  const payload: GovernanceProposal = {
    proposalKey: proposalKey({ source: 'governor', space, id }),
    source: 'governor',
    id,
    space,
    protocolId,
    chainId: 31337,
    title: 'Upgrade the vault to V2',
    body: 'Moves the vault to VaultV2.',
    choices: ['For', 'Against', 'Abstain'],
    start: createdAt,
    end: '2026-11-08T00:00:00.000Z',
    snapshotBlock: '100',
    state: version.state,
    author: `0x${'cd'.repeat(20)}`,
    createdAt,
    scores: [version.votes * 100, 50, 0],
    scoresTotal: version.votes * 100 + 50,
    votes: version.votes,
    quorum: 400,
    url: null,
    analysis: {
      asOf,
      turnout: version.votes * 100 + 50,
      quorum: 400,
      quorumRatio: (version.votes * 100 + 50) / 400,
      passChoice: 0,
      leadingChoice: 0,
      margin: 0.5,
      timeLeftSeconds: 3600,
      elapsed: 0.5,
      concentration: { voters: version.votes, top10Share: 1, gini: 0.2, nakamoto: 2 },
      sideChanges: [],
      passProbability: version.passProbability,
      method: 'beta-projection-v1',
    },
  };
  return envelope(TOPICS.governanceProposals, 'governance.proposal', governanceProposalMessageId(payload), asOf, payload, producedAt);
}

/** A valid `sentiment.v1` figure about a proposal (or, with `subjectType` 'protocol', a protocol). */
export function sentimentMessage(subjectId: string, protocolId: string, items: number, score: number, subjectType: 'proposal' | 'protocol' = 'proposal'): MessageOf<'sentiment.v1'> {
  const asOf = new Date(Date.UTC(2026, 10, 2, 0, items)).toISOString();
  const payload: Sentiment = {
    subject: { type: subjectType, id: subjectId },
    protocolId,
    asOf,
    score,
    items,
    byChannel: { vote_reason: { items, mean: score } },
    engagement: { posts: 0, uniqueAuthors: 0, repliesPerDay: 0 },
    trend: { ewma: score, slopePerDay: 0, halfLifeHours: 24 },
    scorer: 'wink-sentiment@5',
  };
  return envelope(TOPICS.sentiment, 'sentiment', sentimentMessageId(payload), asOf, payload);
}

/** A daily price series of a protocol's governance token. */
export function priceSeries(protocolId: string): ForecastSeries {
  const subject = { type: 'asset' as const, id: `${protocolId}-token` };
  return { key: `asset:${subject.id}:price:coingecko:all`, subject, metric: 'price', source: 'coingecko', protocolId, chainId: null };
}

const DAY_MS = 86_400_000;

/** A valid `forecast.volatility.v1` GARCH forecast of `series` on data up to `inputTo`; an event window when `upgrade` is given. */
export function volatilityMessage(series: ForecastSeries, inputTo: string, upgrade: UpgradeReference | null = null): MessageOf<'forecast.volatility.v1'> {
  const end = new Date(inputTo).getTime();
  const scope = upgrade ? 'event_window' : 'series';
  const steps = [1, 2].map((step) => ({ step, at: new Date(end + step * DAY_MS).toISOString(), variance: 0.0004, volatility: 0.02, lower: -0.039, upper: 0.039 }));
  const estimates = { mu: 0.0001, omega: 0.00001, alpha: 0.08, beta: 0.9 };
  const errors = { mu: 0.0002, omega: 0.000004, alpha: 0.02, beta: 0.03 };
  const payload: ForecastVolatility = {
    forecastId: `volatility:${scope}:${series.key}${upgrade ? `:${upgrade.upgradeId}:${upgrade.stage}` : ''}:${inputTo}:${randomBytes(4).toString('hex')}`,
    kind: scope,
    series,
    input: { from: new Date(end - 200 * DAY_MS).toISOString(), to: inputTo, observations: 200, barSeconds: 86_400, returns: 199 },
    stationarity: { test: 'adf', statistic: -12.3, pValue: 0.01, lags: 0, stationary: true, criticalValues: { '1%': -3.46, '5%': -2.87, '10%': -2.57 } },
    requestedModel: 'auto',
    model: 'garch',
    distribution: 'normal',
    fallbackReason: null,
    warnings: [],
    estimates,
    standardErrors: errors,
    robustStandardErrors: errors,
    logLikelihood: 512.3,
    aic: -1016.6,
    candidates: [{ model: 'garch', estimates, standardErrors: errors, logLikelihood: 512.3, aic: -1016.6, converged: true, rejected: null }],
    horizon: 2,
    level: 0.95,
    forecasts: steps,
    window: upgrade ? { from: steps[0]!.at, to: steps[1]!.at, steps: 2, variance: 0.0008, volatility: 0.028, lower: -0.055, upper: 0.055 } : null,
    upgrade,
  };
  return envelope(TOPICS.forecastVolatility, 'forecast.volatility', payload.forecastId, inputTo, payload);
}

/** A valid `forecast.liquidity.v1` ARIMA forecast of a protocol's TVL on data up to `inputTo`. */
export function liquidityMessage(protocolId: string, inputTo: string): MessageOf<'forecast.liquidity.v1'> {
  const end = new Date(inputTo).getTime();
  const subject = { type: 'protocol' as const, id: protocolId };
  const series: ForecastSeries = { key: `protocol:${protocolId}:tvl:defillama:all`, subject, metric: 'tvl', source: 'defillama', protocolId, chainId: null };
  const payload: ForecastLiquidity = {
    forecastId: `liquidity:series:${series.key}:${inputTo}:${randomBytes(4).toString('hex')}`,
    kind: 'series',
    series,
    input: { from: new Date(end - 90 * DAY_MS).toISOString(), to: inputTo, observations: 90, barSeconds: 86_400 },
    model: 'arima',
    order: { p: 1, d: 1, q: 0 },
    fallbackReason: null,
    estimates: { ar: [0.3], ma: [], drift: 1000 },
    standardErrors: { ar: [0.1], ma: [], drift: 400 },
    sigma2: 1e8,
    logLikelihood: -950.1,
    aic: 1906.2,
    candidatesTried: 9,
    horizon: 1,
    level: 0.95,
    forecasts: [{ step: 1, at: new Date(end + DAY_MS).toISOString(), mean: 1_001_000, se: 10_000, lower: 981_400, upper: 1_020_600 }],
    regime: { state: 'stable', windowChange: 0.01, worstBarChange: -0.02, forecastChange: 0.001, windowBars: 7 },
    flows: null,
    window: null,
    upgrade: null,
  };
  return envelope(TOPICS.forecastLiquidity, 'forecast.liquidity', payload.forecastId, inputTo, payload);
}

type EventCommon = Pick<ProtocolEvent, 'eventId' | 'status' | 'chainId' | 'contract' | 'blockNumber' | 'blockHash' | 'transactionHash' | 'logIndex' | 'protocolId'>;
type KindFields = { kind: string; standard: string } & Record<string, unknown>;

/** The fields every protocol event has, with random hashes: a new event on a new contract unless overridden. */
export function eventCommon(overrides: Partial<EventCommon> = {}): EventCommon {
  const transactionHash = overrides.transactionHash ?? hex(32);
  const chainId = overrides.chainId ?? 31337;
  const logIndex = overrides.logIndex ?? 0;
  return {
    eventId: `${chainId}:${transactionHash}:${logIndex}`,
    status: 'confirmed',
    chainId,
    contract: hex(20),
    blockNumber: '100',
    blockHash: hex(32),
    transactionHash,
    logIndex,
    protocolId: null,
    ...overrides,
  };
}

/**
 * A valid `protocol.events.v1` message of any kind: `common` (see eventCommon) and the kind's own
 * fields, parsed by the catalogue so a fixture of the wrong shape fails here.
 */
export function protocolEventMessage(
  common: EventCommon,
  fields: KindFields,
  times: { occurredAt?: string; producedAt?: string } = {},
): MessageOf<'protocol.events.v1'> {
  const payload = { ...common, ...fields } as ProtocolEvent;
  return envelope(TOPICS.protocolEvents, 'protocol.event', protocolEventMessageId(payload), times.occurredAt ?? new Date().toISOString(), payload, times.producedAt);
}

/** Kind-specific fields of the admin plane and a governor vote, valid per the contract. */
export const kindFields = {
  paused: (): KindFields => ({ kind: 'paused', standard: 'pausable', account: hex(20) }),
  roleGranted: (): KindFields => ({ kind: 'role_granted', standard: 'access_control', role: hex(32), account: hex(20), sender: hex(20) }),
  ownershipTransferred: (): KindFields => ({ kind: 'ownership_transferred', standard: 'ownable', previousOwner: hex(20), newOwner: hex(20), newOwnerCodeSize: 0 }),
  /** A Safe going from 2 to 1 signer; `read: false` is the retracted shape (no state read). */
  safeThresholdLowered: (read = true): KindFields => ({
    kind: 'safe_threshold_changed',
    standard: 'safe',
    safeVersion: null,
    threshold: '1',
    safeOwners: read ? [`0x${'a1'.repeat(20)}`, `0x${'b2'.repeat(20)}`] : null,
    safeThreshold: read ? 1 : null,
    previousSafeThreshold: read ? 2 : null,
  }),
  timelockDelayChanged: (): KindFields => ({ kind: 'timelock_delay_changed', standard: 'compound_timelock', minDelay: '3600', newDelay: '3600' }),
  voteCast: (): KindFields => ({
    kind: 'vote_cast',
    standard: 'governor',
    proposalId: '42',
    quorum: null,
    votingPeriod: null,
    proposalState: 'active',
    proposalEta: null,
    voter: hex(20),
    support: 1,
    weight: '1000',
    reason: 'ship it',
    params: null,
  }),
};

/** The level the risk engine gives a score (docs/risk-rules.md). */
const levelOf = (score: number): RiskAssessment['level'] => (score >= 75 ? 'critical' : score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low');

/**
 * A valid versioned `risk.assessments.v1` message of a lifecycle or a control-plane event: version `version`
 * of the subject's assessment, with the given score (its level follows) and component scores.
 */
export function subjectAssessmentMessage(
  subject: { subjectType: 'lifecycle' | 'control_event'; subjectId: string; contract: `0x${string}`; protocolId: string | null },
  version: number,
  score: number,
  facts: { assessedAt?: string; stage?: RiskAssessment['stage']; components?: Record<RiskComponentName, number>; subjectStatus?: RiskAssessment['subjectStatus'] } = {},
): MessageOf<'risk.assessments.v1'> {
  const inputsHash = randomBytes(32).toString('hex');
  const assessedAt = facts.assessedAt ?? new Date().toISOString();
  const assessmentId = versionedAssessmentId(subject.subjectType, subject.subjectId, version, inputsHash);
  const given = facts.components;
  const components = given && { technical: { score: given.technical, factors: [] }, governance: { score: given.governance, factors: [] }, market: { score: given.market, factors: [] }, liquidity: { score: given.liquidity, factors: [] } };
  const payload: RiskAssessment = {
    assessmentId,
    subjectType: subject.subjectType,
    subjectId: subject.subjectId,
    chainId: 31337,
    contract: subject.contract,
    protocolId: subject.protocolId,
    score,
    level: levelOf(score),
    factors: [{ rule: 'test_rule', points: score, detail: 'test', contribution: score }],
    modelVersion: 'test-rules-v2',
    subjectStatus: facts.subjectStatus ?? 'confirmed',
    assessmentVersion: version,
    inputsHash,
    ...(facts.stage === undefined ? {} : { stage: facts.stage, eta: null }),
    ...(components === undefined ? {} : { components }),
    recommendations: [],
    model: null,
    assessedAt,
  };
  return envelope(TOPICS.riskAssessments, 'risk.assessment', assessmentId, assessedAt, payload);
}

/** A valid `guidance.v1` message: the guidance issued with version `version` of a lifecycle's assessment. */
export function guidanceMessage(
  upgrade: { upgradeId: string; protocolId: string },
  version: number,
  facts: { score: number; stance?: GuidancePayload['stance']; asOf?: string; eta?: string },
  producedAt?: string,
): MessageOf<'guidance.v1'> {
  const asOf = facts.asOf ?? new Date().toISOString();
  const eta = facts.eta ?? '2026-12-24T12:00:00.000Z';
  const hour = 3_600_000;
  const severity = facts.score >= 75 ? 3 : facts.score >= 50 ? 2 : facts.score >= 25 ? 1 : 0;
  const payload: GuidancePayload = {
    guidanceId: guidanceId(upgrade.upgradeId, version),
    upgradeId: upgrade.upgradeId,
    assessmentId: versionedAssessmentId('lifecycle', upgrade.upgradeId, version, String(version).repeat(64)),
    assessmentVersion: version,
    chainId: 31337,
    protocolId: upgrade.protocolId,
    risk: { score: facts.score, level: levelOf(facts.score) },
    asOf,
    eta,
    stance: facts.stance ?? (severity >= 2 ? 'exit_before_eta' : 'hold'),
    severity,
    reasons: [{ code: severity >= 2 ? 'risk_high' : 'no_elevated_risk', severity, evidence: { score: facts.score } }],
    missing: ['impact'],
    positionScale: { available: false, reason: 'no_volatility_forecast' },
    hedge: { available: false, reason: 'no_hedge_asset', observations: 0, correlation: null, inputs: {} },
    positionImpact: null,
    slippage: [],
    window: {
      eta,
      actBy: new Date(Date.parse(eta) - 24 * hour).toISOString(),
      riskPastAt: new Date(Date.parse(eta) + 6 * hour).toISOString(),
      leadHours: 24,
      phase: 'before_act_by',
      hoursToEta: (Date.parse(eta) - Date.parse(asOf)) / hour,
      inputs: { leadHours: 24, settleHours: 6 },
    },
    settings: { leadHours: 24 },
  };
  return envelope(TOPICS.guidance, 'guidance', payload.guidanceId, asOf, payload, producedAt);
}

/** A valid `market.ticks.v1` tick (USD); `tickId` derived from its fields as ingest-market does. */
export function marketTickMessage(
  fields: Pick<MarketTick, 'subject' | 'metric' | 'value' | 'timestamp' | 'source' | 'protocolId'> & Partial<Pick<MarketTick, 'chainId' | 'windowSeconds'>>,
): MessageOf<'market.ticks.v1'> {
  const payload: MarketTick = { chainId: null, windowSeconds: null, currency: 'usd', ...fields, tickId: '' };
  payload.tickId = marketTickId(payload);
  return envelope(TOPICS.marketTicks, 'market.tick', payload.tickId, payload.timestamp, payload);
}

/** A valid `system.networks.v1` status of a network, healthy unless `change` says otherwise. */
export function networkStatusMessage(change: Partial<NetworkStatus> & Pick<NetworkStatus, 'chainId' | 'network'>): MessageOf<'system.networks.v1'> {
  const payload: NetworkStatus = {
    status: 'ok',
    headBlock: '1000',
    ingestedBlock: '1000',
    lagBlocks: 0,
    confirmations: 12,
    finalityDepth: 128,
    polledAt: new Date().toISOString(),
    intervalMs: 10_000,
    lastError: null,
    backfill: null,
    ...change,
  };
  return envelope(TOPICS.networkStatus, 'network.status', networkStatusMessageId(payload), payload.polledAt, payload);
}
