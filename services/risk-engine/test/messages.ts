import {
  TOPICS,
  catalogue,
  governanceProposalMessageId,
  marketTickId,
  proposalKey,
  protocolEventMessageId,
  upgradeLifecycleMessageId,
  type ForecastVolatility,
  type GovernanceProposal,
  type MarketTick,
  type MessageOf,
  type ProtocolEvent,
  type UpgradeLifecycle,
} from '@pum/contracts';
import { randomBytes } from 'node:crypto';

/**
 * Messages of the engine's input topics in their real shapes. Each is parsed with its catalogue
 * schema, so a fixture that drifts from the contract fails here, not as a confusing dead letter.
 */
export const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;

function envelope<T extends keyof typeof catalogue>(topic: T, type: string, id: string, occurredAt: string, payload: unknown): MessageOf<T> {
  return catalogue[topic].parse({ version: 1, type, id, occurredAt, producedAt: new Date().toISOString(), source: 'test', payload }) as MessageOf<T>;
}

type KindFields = { kind: string; standard: string } & Record<string, unknown>;

/** A `protocol.events.v1` message of any kind on `contract`, with random hashes. */
export function protocolEvent(contract: `0x${string}`, fields: KindFields, occurredAt: string, protocolId: string | null = null): MessageOf<'protocol.events.v1'> {
  const transactionHash = hex(32);
  const payload = { eventId: `31337:${transactionHash}:0`, status: 'confirmed', chainId: 31337, contract, blockNumber: '100', blockHash: hex(32), transactionHash, logIndex: 0, protocolId, ...fields } as ProtocolEvent;
  return envelope(TOPICS.protocolEvents, 'protocol.event', protocolEventMessageId(payload), occurredAt, payload);
}

/** A `upgrades.lifecycle.v1` stage. */
export function lifecycle(fields: Partial<UpgradeLifecycle> & Pick<UpgradeLifecycle, 'upgradeId' | 'stage' | 'target' | 'authority' | 'stageAt'>): MessageOf<'upgrades.lifecycle.v1'> {
  const payload: UpgradeLifecycle = {
    chainId: 31337,
    protocolId: null,
    upgradeKind: 'upgrade_to',
    newImplementation: hex(20),
    proposal: null,
    timelock: null,
    eta: null,
    executionEventId: null,
    evidence: `31337:${hex(32)}:0@${hex(32)}`,
    ...fields,
  };
  return envelope(TOPICS.upgradesLifecycle, 'upgrade.lifecycle', upgradeLifecycleMessageId(payload), payload.stageAt, payload);
}

/** A `governance.proposals.v1` version of an on-chain proposal with its voting analysis. */
export function proposal(governor: string, id: string, protocolId: string, passProbability: number, asOf: string): MessageOf<'governance.proposals.v1'> {
  const createdAt = '2026-11-01T00:00:00.000Z';
  const payload: GovernanceProposal = {
    proposalKey: proposalKey({ source: 'governor', space: governor, id }),
    source: 'governor',
    id,
    space: governor,
    protocolId,
    chainId: 31337,
    title: 'Upgrade the vault',
    body: 'Moves the vault to V2.',
    choices: ['For', 'Against', 'Abstain'],
    start: createdAt,
    end: '2026-11-08T00:00:00.000Z',
    snapshotBlock: '100',
    state: 'active',
    author: null,
    createdAt,
    scores: [500, 450, 0],
    scoresTotal: 950,
    votes: 12,
    quorum: 400,
    url: null,
    analysis: {
      asOf,
      turnout: 950,
      quorum: 400,
      quorumRatio: 950 / 400,
      passChoice: 0,
      leadingChoice: 0,
      margin: 0.05,
      timeLeftSeconds: 3600,
      elapsed: 0.5,
      concentration: { voters: 12, top10Share: 0.95, gini: 0.4, nakamoto: 2 },
      sideChanges: [],
      passProbability,
      method: 'beta-projection-v1',
    },
  };
  return envelope(TOPICS.governanceProposals, 'governance.proposal', governanceProposalMessageId(payload), asOf, payload);
}

/** A GARCH `forecast.volatility.v1` series forecast of a protocol's token with next-step volatility `perStep` (daily bars). */
export function volatility(protocolId: string, perStep: number, inputTo: string): MessageOf<'forecast.volatility.v1'> {
  const subject = { type: 'asset' as const, id: `${protocolId}-token` };
  const estimates = { mu: 0.0001, omega: 0.00001, alpha: 0.08, beta: 0.9 };
  const errors = { mu: 0.0002, omega: 0.000004, alpha: 0.02, beta: 0.03 };
  const end = new Date(inputTo).getTime();
  const payload: ForecastVolatility = {
    forecastId: `volatility:series:asset:${subject.id}:price:coingecko:all:${inputTo}:${randomBytes(4).toString('hex')}`,
    kind: 'series',
    series: { key: `asset:${subject.id}:price:coingecko:all`, subject, metric: 'price', source: 'coingecko', protocolId, chainId: null },
    input: { from: new Date(end - 200 * 86_400_000).toISOString(), to: inputTo, observations: 200, barSeconds: 86_400, returns: 199 },
    stationarity: null,
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
    candidates: [],
    horizon: 1,
    level: 0.95,
    forecasts: [{ step: 1, at: new Date(end + 86_400_000).toISOString(), variance: perStep ** 2, volatility: perStep, lower: -2 * perStep, upper: 2 * perStep }],
    window: null,
    upgrade: null,
  };
  return envelope(TOPICS.forecastVolatility, 'forecast.volatility', payload.forecastId, inputTo, payload);
}

/** A CoinGecko `market.ticks.v1` price of an asset (cross-chain), of a protocol's token when `protocolId` is given. */
export function priceTick(assetId: string, protocolId: string | null, value: number, timestamp: string): MessageOf<'market.ticks.v1'> {
  const fields = { source: 'coingecko' as const, subject: { type: 'asset' as const, id: assetId }, metric: 'price' as const, timestamp };
  const payload: MarketTick = { tickId: marketTickId(fields), ...fields, value, currency: 'usd', protocolId, chainId: null, windowSeconds: null };
  return envelope(TOPICS.marketTicks, 'market.tick', payload.tickId, timestamp, payload);
}

/** A GARCH event-window `forecast.volatility.v1` of a queued upgrade: `steps` daily bars around its ETA of `perStep` volatility each. */
export function windowVolatility(protocolId: string, upgradeId: string, perStep: number, steps: number, inputTo: string, eta: string): MessageOf<'forecast.volatility.v1'> {
  const series = volatility(protocolId, perStep, inputTo).payload;
  const start = Date.parse(eta) - Math.floor(steps / 2) * 86_400_000;
  const variance = steps * perStep ** 2;
  const payload: ForecastVolatility = {
    ...series,
    forecastId: `volatility:event_window:${series.series.key}:${upgradeId}:queued:${inputTo}:${randomBytes(4).toString('hex')}`,
    kind: 'event_window',
    horizon: steps,
    forecasts: Array.from({ length: steps }, (_, i) => ({ step: i + 1, at: new Date(start + i * 86_400_000).toISOString(), variance: perStep ** 2, volatility: perStep, lower: -2 * perStep, upper: 2 * perStep })),
    window: { from: new Date(start).toISOString(), to: new Date(start + steps * 86_400_000).toISOString(), steps, variance, volatility: Math.sqrt(variance), lower: -2 * Math.sqrt(variance), upper: 2 * Math.sqrt(variance) },
    upgrade: { upgradeId, stage: 'queued', eta, protocolId, messageId: `lifecycle:${upgradeId}` },
  };
  return envelope(TOPICS.forecastVolatility, 'forecast.volatility', payload.forecastId, inputTo, payload);
}
