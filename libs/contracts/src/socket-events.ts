import type { MessageOf } from './catalogue';

/** Socket.IO channels (rooms) a client can subscribe to. */
export const SOCKET_CHANNELS = ['upgrades'] as const;
export type SocketChannel = (typeof SOCKET_CHANNELS)[number];

/**
 * Events the gateway pushes, named after the envelope `type` they carry and typed from the catalogue,
 * so a change of schema breaks the socket types at compile time.
 */
export interface ServerToClientEvents {
  'protocol.event': (message: MessageOf<'protocol.events.v1'>) => void;
  'risk.assessment': (message: MessageOf<'risk.assessments.v1'>) => void;
}

export type SubscribeAck = { ok: true; channels: SocketChannel[] } | { ok: false; error: string };

export interface ClientToServerEvents {
  subscribe: (request: { channels: string[] }, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: { channels: string[] }, ack: (result: SubscribeAck) => void) => void;
}
