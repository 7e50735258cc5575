import { TOPICS, type MessageOf, type MessageTypeOf, type TopicName } from './catalogue';
import type { ProtocolEventKind } from './protocol-event';

/**
 * Socket.IO channels (rooms) a client can subscribe to, and the topics whose messages each one
 * carries: `upgrades` (upgrade events, their risk and execution guidance), `events` (protocol events of every kind,
 * filterable), `lifecycle` (stage changes of upgrades, their assessments before execution and guidance), `governance` (proposals with their voting
 * analysis, sentiment), `forecasts` (volatility, liquidity).
 */
export const SOCKET_CHANNEL_TOPICS = {
  upgrades: [TOPICS.protocolEvents, TOPICS.riskAssessments, TOPICS.guidance],
  events: [TOPICS.protocolEvents],
  lifecycle: [TOPICS.upgradesLifecycle, TOPICS.riskAssessments, TOPICS.guidance],
  governance: [TOPICS.governanceProposals, TOPICS.sentiment],
  forecasts: [TOPICS.forecastVolatility, TOPICS.forecastLiquidity],
} as const satisfies Record<string, readonly TopicName[]>;

export type SocketChannel = keyof typeof SOCKET_CHANNEL_TOPICS;
export const SOCKET_CHANNELS = Object.keys(SOCKET_CHANNEL_TOPICS) as SocketChannel[];

/** Topics whose messages the gateway pushes. */
export type PushedTopic = (typeof SOCKET_CHANNEL_TOPICS)[SocketChannel][number];

/**
 * Events the gateway pushes, named after the envelope `type` they carry (`protocol.event`,
 * `risk.assessment`, `guidance`, `upgrade.lifecycle`, `governance.proposal`, `sentiment`, `forecast.volatility`,
 * `forecast.liquidity`) and typed from the catalogue, so a change of schema breaks the socket types
 * at compile time.
 */
export type ServerToClientEvents = {
  [T in PushedTopic as MessageTypeOf<T>]: (message: MessageOf<T>) => void;
};

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

export interface ClientToServerEvents {
  /** `filter` only with `channels: ['events']`. */
  subscribe: (request: { channels: string[]; filter?: EventsChannelFilter }, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: { channels: string[] }, ack: (result: SubscribeAck) => void) => void;
}
