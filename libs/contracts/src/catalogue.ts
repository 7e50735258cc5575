import { z } from 'zod';
import { mevDetectionPayload, smartMoneyRankingPayload } from './analytics';
import { alertDeliveryPayload, alertPayload, alertRulePayload } from './alerts';
import { chainLogPayload } from './chain-log';
import { dexSwapPayload } from './dex-swap';
import { envelopeSchema } from './envelope';
import { governanceProposalPayload, governanceRawPayload, sentimentPayload } from './governance';
import { forecastLiquidityPayload, forecastVolatilityPayload } from './forecast';
import { guidancePayload } from './guidance';
import { upgradeLifecyclePayload } from './lifecycle';
import { marketRawPayload, marketTickPayload } from './market';
import { networkStatusPayload } from './network-status';
import { protocolEventPayload } from './protocol-event';
import { riskAssessmentPayload } from './risk-assessment';

/** Topic names. The `.vN` suffix is the payload version: a breaking change gets a new topic. */
export const TOPICS = {
  chainLogsRaw: 'chain.logs.raw.v1',
  protocolEvents: 'protocol.events.v1',
  riskAssessments: 'risk.assessments.v1',
  marketRaw: 'market.raw.v1',
  marketTicks: 'market.ticks.v1',
  upgradesLifecycle: 'upgrades.lifecycle.v1',
  governanceRaw: 'governance.raw.v1',
  governanceProposals: 'governance.proposals.v1',
  sentiment: 'sentiment.v1',
  forecastVolatility: 'forecast.volatility.v1',
  forecastLiquidity: 'forecast.liquidity.v1',
  guidance: 'guidance.v1',
  networkStatus: 'system.networks.v1',
  alertRules: 'alerts.rules.v1',
  alerts: 'alerts.v1',
  alertDeliveries: 'alerts.deliveries.v1',
  dexSwaps: 'dex.swaps.v1',
  mevDetections: 'analytics.mev.v1',
  smartMoney: 'analytics.smart-money.v1',
} as const;

/** The one catalogue: topic → envelope schema. Producers and consumers both validate against it. */
export const catalogue = {
  [TOPICS.chainLogsRaw]: envelopeSchema('chain.log.raw', chainLogPayload),
  [TOPICS.protocolEvents]: envelopeSchema('protocol.event', protocolEventPayload),
  [TOPICS.riskAssessments]: envelopeSchema('risk.assessment', riskAssessmentPayload),
  [TOPICS.marketRaw]: envelopeSchema('market.raw', marketRawPayload),
  [TOPICS.marketTicks]: envelopeSchema('market.tick', marketTickPayload),
  [TOPICS.upgradesLifecycle]: envelopeSchema('upgrade.lifecycle', upgradeLifecyclePayload),
  [TOPICS.governanceRaw]: envelopeSchema('governance.raw', governanceRawPayload),
  [TOPICS.governanceProposals]: envelopeSchema('governance.proposal', governanceProposalPayload),
  [TOPICS.sentiment]: envelopeSchema('sentiment', sentimentPayload),
  [TOPICS.forecastVolatility]: envelopeSchema('forecast.volatility', forecastVolatilityPayload),
  [TOPICS.forecastLiquidity]: envelopeSchema('forecast.liquidity', forecastLiquidityPayload),
  [TOPICS.guidance]: envelopeSchema('guidance', guidancePayload),
  [TOPICS.networkStatus]: envelopeSchema('network.status', networkStatusPayload),
  [TOPICS.alertRules]: envelopeSchema('alert.rule', alertRulePayload),
  [TOPICS.alerts]: envelopeSchema('alert', alertPayload),
  [TOPICS.alertDeliveries]: envelopeSchema('alert.delivery', alertDeliveryPayload),
  [TOPICS.dexSwaps]: envelopeSchema('dex.swap', dexSwapPayload),
  [TOPICS.mevDetections]: envelopeSchema('mev.detection', mevDetectionPayload),
  [TOPICS.smartMoney]: envelopeSchema('smart_money.ranking', smartMoneyRankingPayload),
} as const;

export type Catalogue = typeof catalogue;
export type TopicName = keyof Catalogue;
/** The full envelope on a topic, e.g. `MessageOf<'protocol.events.v1'>`. */
export type MessageOf<T extends TopicName> = z.infer<Catalogue[T]>;
/** The payload on a topic. */
export type PayloadOf<T extends TopicName> = MessageOf<T>['payload'];
/** The envelope `type` of a topic's messages. */
export type MessageTypeOf<T extends TopicName> = MessageOf<T>['type'];

export const topicNames = Object.keys(catalogue) as TopicName[];

/** The envelope fields a topic fixes for every message on it. */
export interface EnvelopeHead<T extends TopicName> {
  type: MessageTypeOf<T>;
  version: MessageOf<T>['version'];
}

/**
 * Per topic, the envelope `type` and `version` of its messages — read off the catalogue's own schemas,
 * so the two cannot drift. Publishers fill them in.
 *
 * @example envelopeHeads[TOPICS.protocolEvents] // { type: 'protocol.event', version: 1 }
 */
export const envelopeHeads = Object.fromEntries(
  topicNames.map((topic) => [topic, { type: catalogue[topic].shape.type.value, version: catalogue[topic].shape.version.value }]),
) as { readonly [T in TopicName]: EnvelopeHead<T> };

/**
 * Topics whose broker config is not the default: `alerts.rules.v1` is compacted — the latest rule per
 * rule id stays forever, so a replay rebuilds every rule (a deletion is a `deleted: true` rule) — and so is
 * `system.networks.v1`, keyed by chain id: the latest status of each network is all that matters; and
 * `analytics.smart-money.v1`, keyed by ranking id: the latest ranking of each token or protocol is the ranking.
 */
export const TOPIC_CONFIGS: Partial<Record<TopicName, Readonly<Record<string, string>>>> = {
  [TOPICS.alertRules]: { 'cleanup.policy': 'compact' },
  [TOPICS.networkStatus]: { 'cleanup.policy': 'compact' },
  [TOPICS.smartMoney]: { 'cleanup.policy': 'compact' },
};

/** Dead-letter topic of a topic: `<topic>.dlq`. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * Header names a dead-lettered message carries, naming where it came from and why it failed.
 */
export const DLQ_HEADERS = {
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  consumerGroup: 'x-consumer-group',
  error: 'x-error',
  errorKind: 'x-error-kind',
  attempts: 'x-attempts',
  failedAt: 'x-failed-at',
} as const;

export function isTopicName(value: string): value is TopicName {
  return Object.prototype.hasOwnProperty.call(catalogue, value);
}
