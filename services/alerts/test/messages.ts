import {
  TOPICS,
  alertRulePayload,
  catalogue,
  marketTickId,
  networkStatusMessageId,
  protocolEventMessageId,
  upgradeLifecycleMessageId,
  type AlertRuleInput,
  type ForecastVolatility,
  type MarketTick,
  type MessageOf,
  type NetworkStatus,
  type ProtocolEvent,
  type UpgradeLifecycle,
} from '@pum/contracts';
import { randomBytes } from 'node:crypto';

/**
 * Messages of the alerts service's input topics in their real shapes, each parsed with its catalogue
 * schema so a fixture that drifts from the contract fails here.
 */
export const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;

function envelope<T extends keyof typeof catalogue>(topic: T, type: string, id: string, occurredAt: string, payload: unknown): MessageOf<T> {
  return catalogue[topic].parse({ version: 1, type, id, occurredAt, producedAt: new Date().toISOString(), source: 'test', payload }) as MessageOf<T>;
}

/** An alerts.rules.v1 message (what the gateway publishes), keyed by the rule id. */
export function ruleMessage(rule: Partial<AlertRuleInput> & Pick<AlertRuleInput, 'ruleId' | 'conditions' | 'channels'>, updatedAt = new Date().toISOString()): MessageOf<'alerts.rules.v1'> {
  const payload = alertRulePayload.parse({ ownerId: 'user-1', name: `rule ${rule.ruleId}`, enabled: true, ...rule, updatedAt });
  return envelope(TOPICS.alertRules, 'alert.rule', `${payload.ruleId}@${updatedAt}`, updatedAt, payload);
}

/** A deletion of a rule on alerts.rules.v1. */
export function ruleDeletion(ruleId: string, ownerId = 'user-1', updatedAt = new Date().toISOString()): MessageOf<'alerts.rules.v1'> {
  return envelope(TOPICS.alertRules, 'alert.rule', `${ruleId}@${updatedAt}:deleted`, updatedAt, { ruleId, ownerId, deleted: true, updatedAt });
}

/** An upgrades.lifecycle.v1 stage of an upgrade of `target`. */
export function lifecycle(fields: Partial<UpgradeLifecycle> & Pick<UpgradeLifecycle, 'upgradeId' | 'stage' | 'target' | 'stageAt'>): MessageOf<'upgrades.lifecycle.v1'> {
  const payload: UpgradeLifecycle = {
    chainId: 31337,
    protocolId: 'demo-dao',
    upgradeKind: 'upgrade_to',
    newImplementation: hex(20),
    authority: 'governor',
    proposal: { source: 'governor', id: '42', space: hex(20), title: 'Upgrade the vault to V2', url: null },
    timelock: null,
    eta: null,
    executionEventId: null,
    evidence: `31337:${hex(32)}:0@${hex(32)}`,
    ...fields,
  };
  return envelope(TOPICS.upgradesLifecycle, 'upgrade.lifecycle', upgradeLifecycleMessageId(payload), payload.stageAt, payload);
}

type KindFields = { kind: string; standard: string } & Record<string, unknown>;

/** A protocol.events.v1 message of any kind on `contract`, with random hashes. */
export function protocolEvent(contract: `0x${string}`, fields: KindFields, occurredAt: string, extra: Partial<ProtocolEvent> = {}): MessageOf<'protocol.events.v1'> {
  const transactionHash = hex(32);
  const payload = {
    eventId: `31337:${transactionHash}:0`,
    status: 'confirmed',
    chainId: 31337,
    contract,
    blockNumber: '100',
    blockHash: hex(32),
    transactionHash,
    logIndex: 0,
    protocolId: 'demo-dao',
    ...fields,
    ...extra,
  } as ProtocolEvent;
  return envelope(TOPICS.protocolEvents, 'protocol.event', protocolEventMessageId(payload), occurredAt, payload);
}

/** The same event at another status (a reorg's `retracted`). */
export function withStatus(message: MessageOf<'protocol.events.v1'>, status: ProtocolEvent['status'], occurredAt = message.occurredAt): MessageOf<'protocol.events.v1'> {
  const payload = { ...message.payload, status } as ProtocolEvent;
  return envelope(TOPICS.protocolEvents, 'protocol.event', protocolEventMessageId(payload), occurredAt, payload);
}

/** A lifecycle risk assessment (before execution) of an upgrade. */
export function lifecycleRisk(upgrade: MessageOf<'upgrades.lifecycle.v1'>, score: number, version = 1): MessageOf<'risk.assessments.v1'> {
  const level = score >= 75 ? 'critical' : score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low';
  const change = upgrade.payload;
  return envelope(TOPICS.riskAssessments, 'risk.assessment', `lifecycle:${change.upgradeId}:v${version}`, change.stageAt, {
    assessmentId: `lifecycle:${change.upgradeId}:v${version}:${'a'.repeat(12)}`,
    subjectType: 'lifecycle',
    subjectId: change.upgradeId,
    chainId: change.chainId,
    contract: change.target,
    protocolId: change.protocolId,
    score,
    level,
    factors: [],
    modelVersion: 'test',
    subjectStatus: 'confirmed',
    assessmentVersion: version,
    stage: change.stage,
    eta: change.eta,
    components: { technical: { score, factors: [] }, governance: { score: 10, factors: [] }, market: { score: 0, factors: [] }, liquidity: { score: 0, factors: [] } },
    assessedAt: change.stageAt,
  });
}

/** A market.ticks.v1 tick of one series (CoinGecko price of `assetId` unless told otherwise), id as ingest-market makes it. */
export function marketTick(assetId: string, value: number, timestamp: string, fields: Partial<MarketTick> = {}): MessageOf<'market.ticks.v1'> {
  const base = { subject: { type: 'asset' as const, id: assetId }, metric: 'price' as const, source: 'coingecko' as const, chainId: null, timestamp, ...fields };
  const payload: MarketTick = { tickId: marketTickId(base), value, currency: 'usd', protocolId: 'demo-dao', windowSeconds: null, ...base };
  return envelope(TOPICS.marketTicks, 'market.tick', payload.tickId, payload.timestamp, payload);
}

/** A system.networks.v1 status of a network `lagBlocks` behind a head of 1,000,000. */
export function networkStatus(chainId: number, lagBlocks: number, polledAt: string): MessageOf<'system.networks.v1'> {
  const payload: NetworkStatus = {
    chainId,
    network: `net-${chainId}`,
    status: lagBlocks > 50 ? 'lagging' : 'ok',
    headBlock: '1000000',
    ingestedBlock: String(1_000_000 - lagBlocks),
    lagBlocks,
    confirmations: 2,
    finalityDepth: 64,
    polledAt,
    intervalMs: 10_000,
    lastError: null,
    backfill: null,
  };
  return envelope(TOPICS.networkStatus, 'network.status', networkStatusMessageId(payload), polledAt, payload);
}

/** A forecast.volatility.v1 GARCH series forecast of a CoinGecko price series, on data up to `inputTo`, whose first step's volatility is `volatility`. */
export function volatilityForecast(assetId: string, volatility: number, inputTo: string): MessageOf<'forecast.volatility.v1'> {
  const key = `asset:${assetId}:price:coingecko:all`;
  const next = new Date(Date.parse(inputTo) + 3_600_000).toISOString();
  const payload: ForecastVolatility = {
    forecastId: `volatility:series:${key}:${inputTo}:${randomBytes(8).toString('hex')}`,
    kind: 'series',
    series: { key, subject: { type: 'asset', id: assetId }, metric: 'price', source: 'coingecko', protocolId: 'demo-dao', chainId: null },
    input: { from: '2026-01-01T00:00:00.000Z', to: inputTo, observations: 200, barSeconds: 3600, returns: 199 },
    stationarity: null,
    requestedModel: 'auto',
    model: 'garch',
    distribution: 'normal',
    fallbackReason: null,
    warnings: [],
    estimates: { mu: 0, omega: 0.00001, alpha: 0.1, beta: 0.85 },
    standardErrors: {},
    robustStandardErrors: {},
    logLikelihood: 250,
    aic: -492,
    candidates: [],
    horizon: 1,
    level: 0.95,
    forecasts: [{ step: 1, at: next, variance: volatility ** 2, volatility, lower: -2 * volatility, upper: 2 * volatility }],
    window: null,
    upgrade: null,
  };
  return envelope(TOPICS.forecastVolatility, 'forecast.volatility', payload.forecastId, inputTo, payload);
}
