import type { z } from 'zod';
import { TOPICS, type MessageOf, type MessageTypeOf, type TopicName } from './catalogue';
import { envelopeSchema } from './envelope';
import { MARKET_CHANNELS, marketUpdatePayload, type MarketChannel } from './market';
import type { ProtocolEventKind } from './protocol-event';

/**
 * Socket.IO channels (rooms) a client can subscribe to, and the topics whose messages each one
 * carries: `upgrades` (upgrade events, their risk and execution guidance), `events` (protocol events of every kind,
 * filterable), `lifecycle` (stage changes of upgrades, their assessments before execution and guidance), `governance` (proposals with their voting
 * analysis, sentiment), `forecasts` (volatility, liquidity), `system` (the ingestion status of each network, when it changes),
 * `alerts` (the caller's own alerts, withdrawals and digests: per user, joined at connection by authenticated sockets),
 * `analytics` (MEV detections and their withdrawals, smart-money rankings: docs/analytics.md).
 */
export const SOCKET_CHANNEL_TOPICS = {
  upgrades: [TOPICS.protocolEvents, TOPICS.riskAssessments, TOPICS.guidance],
  events: [TOPICS.protocolEvents],
  lifecycle: [TOPICS.upgradesLifecycle, TOPICS.riskAssessments, TOPICS.guidance],
  governance: [TOPICS.governanceProposals, TOPICS.sentiment],
  forecasts: [TOPICS.forecastVolatility, TOPICS.forecastLiquidity],
  system: [TOPICS.networkStatus],
  alerts: [TOPICS.alerts],
  analytics: [TOPICS.mevDetections, TOPICS.smartMoney],
} as const satisfies Record<string, readonly TopicName[]>;

/** Channels that carry a topic's messages as they are. */
export type TopicChannel = keyof typeof SOCKET_CHANNEL_TOPICS;
/** Every channel: the topic channels and the market channels `prices`, `tvl`, `volumes` (`market.update` messages). */
export type SocketChannel = TopicChannel | MarketChannel;
export const SOCKET_CHANNELS = [...(Object.keys(SOCKET_CHANNEL_TOPICS) as TopicChannel[]), ...MARKET_CHANNELS] as SocketChannel[];

/**
 * What the market channels push: a series' new latest value (`market.ticks.v1` turned into the on-chain services
 * specification's update), in the project's envelope — `id` is the tick's, `producedAt` the tick message's own.
 */
export const marketUpdateMessage = envelopeSchema('market.update', marketUpdatePayload);
export type MarketUpdateMessage = z.infer<typeof marketUpdateMessage>;

/**
 * The room of one user's sockets: what the `alerts` channel pushes to (an alert goes to its owner's sockets only).
 *
 * @example userRoom('b0c…') // 'user:b0c…'
 */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** Topics whose messages the gateway pushes. */
export type PushedTopic = (typeof SOCKET_CHANNEL_TOPICS)[TopicChannel][number];

/**
 * Events the gateway pushes, named after the envelope `type` they carry (`protocol.event`,
 * `risk.assessment`, `guidance`, `upgrade.lifecycle`, `governance.proposal`, `sentiment`, `forecast.volatility`,
 * `forecast.liquidity`, `network.status`, `alert`, `mev.detection`, `smart_money.ranking`) and typed from the catalogue, so a change of schema breaks the socket types
 * at compile time.
 */
export type ServerToClientEvents = {
  [T in PushedTopic as MessageTypeOf<T>]: (message: MessageOf<T>) => void;
} & {
  'market.update': (message: MarketUpdateMessage) => void;
  /** Sent to a socket that fell too far behind, just before the gateway disconnects it (see `SlowConsumerNotice`). */
  'stream.dropped': (notice: SlowConsumerNotice) => void;
};

/**
 * Why a socket was disconnected for reading too slowly: what the gateway held for it, unsent, against its limit.
 * A client that gets it should reconnect and catch up from the REST API.
 */
export interface SlowConsumerNotice {
  reason: 'slow_consumer';
  bufferedBytes: number;
  limitBytes: number;
}

export type SubscribeAck = { ok: true; channels: SocketChannel[] } | { ok: false; error: string };

/**
 * Narrows a subscription to the `events` channel: an event is pushed when it matches every field
 * given, each one value or any of a list (at most 256 combinations per subscription). Subscribing
 * again adds to what the socket receives; unsubscribing from `events` drops every events filter.
 */
export interface EventsChannelFilter {
  protocolId?: string | string[];
  chainId?: number | number[];
  kind?: ProtocolEventKind | ProtocolEventKind[];
}

/**
 * Narrows a subscription to market channels: an update is pushed when it matches every field given (`subject` is the
 * subject's id: a token's CoinGecko id or `chainId:address`, a pool, a protocol), each one value or a list.
 */
export interface MarketChannelFilter {
  protocolId?: string | string[];
  subject?: string | string[];
  chainId?: number | number[];
}

export interface ClientToServerEvents {
  /** `filter` only with `channels: ['events']` (an events filter) or market channels only (a market filter). */
  subscribe: (request: { channels: string[]; filter?: EventsChannelFilter | MarketChannelFilter }, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: { channels: string[] }, ack: (result: SubscribeAck) => void) => void;
}
