import {
  SOCKET_CHANNELS,
  SOCKET_CHANNEL_TOPICS,
  type ClientToServerEvents,
  type MessageOf,
  type PushedTopic,
  type ServerToClientEvents,
  type SocketChannel,
  type SubscribeAck,
} from '@pum/contracts';
import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** The channel (room) each pushed topic goes to. */
const CHANNEL_OF = new Map<PushedTopic, SocketChannel>(
  Object.entries(SOCKET_CHANNEL_TOPICS).flatMap(([channel, topics]) => topics.map((topic) => [topic, channel as SocketChannel] as const)),
);

/**
 * Socket.IO endpoint (same port as REST, path `/socket.io`). Clients `emit('subscribe', { channels:
 * ['upgrades', 'lifecycle'] }, ack)` and then receive the messages of those channels' topics, each
 * as an event named after its envelope type (`protocol.event`, `upgrade.lifecycle`, …).
 */
@WebSocketGateway({ cors: { origin: true } })
export class RealtimeGateway {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server!: IoServer;

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const parsed = parseChannels(body);
    if (!parsed.ok) return parsed;
    await socket.join(parsed.channels);
    this.logger.debug({ msg: 'socket subscribed', socket_id: socket.id, channels: parsed.channels });
    return parsed;
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const parsed = parseChannels(body);
    if (!parsed.ok) return parsed;
    await Promise.all(parsed.channels.map((channel) => socket.leave(channel)));
    return parsed;
  }

  /** Pushes a message, once its read model is written, to the subscribers of its topic's channel. */
  push<T extends PushedTopic>(topic: T, message: MessageOf<T>): void {
    const channel = CHANNEL_OF.get(topic) as SocketChannel;
    // The mapped event map cannot follow the generic T from `message.type` to its listener; the catalogue types both.
    const room = this.server.to(channel) as unknown as { emit(event: string, payload: unknown): boolean };
    room.emit(message.type, message);
  }
}

function parseChannels(body: unknown): SubscribeAck {
  const channels = (body as { channels?: unknown } | null)?.channels;
  if (!Array.isArray(channels) || channels.length === 0 || !channels.every((c) => typeof c === 'string')) {
    return { ok: false, error: `expected { channels: string[] } with any of: ${SOCKET_CHANNELS.join(', ')}` };
  }
  const unknown = channels.filter((c) => !(SOCKET_CHANNELS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    return { ok: false, error: `unknown channel(s): ${unknown.join(', ')}; known: ${SOCKET_CHANNELS.join(', ')}` };
  }
  return { ok: true, channels: channels as SocketChannel[] };
}
