import { TOPICS, type MessageOf, type MessageTypeOf, type TopicName } from './catalogue';

/**
 * Socket.IO channels (rooms) a client can subscribe to, and the topics whose messages each one
 * carries: `upgrades` (upgrade events and their risk), `lifecycle` (stage changes of upgrades),
 * `governance` (proposals with their voting analysis, sentiment), `forecasts` (volatility, liquidity).
 */
export const SOCKET_CHANNEL_TOPICS = {
  upgrades: [TOPICS.protocolEvents, TOPICS.riskAssessments],
  lifecycle: [TOPICS.upgradesLifecycle],
  governance: [TOPICS.governanceProposals, TOPICS.sentiment],
  forecasts: [TOPICS.forecastVolatility, TOPICS.forecastLiquidity],
} as const satisfies Record<string, readonly TopicName[]>;

export type SocketChannel = keyof typeof SOCKET_CHANNEL_TOPICS;
export const SOCKET_CHANNELS = Object.keys(SOCKET_CHANNEL_TOPICS) as SocketChannel[];

/** Topics whose messages the gateway pushes. */
export type PushedTopic = (typeof SOCKET_CHANNEL_TOPICS)[SocketChannel][number];

/**
 * Events the gateway pushes, named after the envelope `type` they carry (`protocol.event`,
 * `risk.assessment`, `upgrade.lifecycle`, `governance.proposal`, `sentiment`, `forecast.volatility`,
 * `forecast.liquidity`) and typed from the catalogue, so a change of schema breaks the socket types
 * at compile time.
 */
export type ServerToClientEvents = {
  [T in PushedTopic as MessageTypeOf<T>]: (message: MessageOf<T>) => void;
};

export type SubscribeAck = { ok: true; channels: SocketChannel[] } | { ok: false; error: string };

export interface ClientToServerEvents {
  subscribe: (request: { channels: string[] }, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: { channels: string[] }, ack: (result: SubscribeAck) => void) => void;
}
