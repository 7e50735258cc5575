import {
  SOCKET_CHANNELS,
  SOCKET_CHANNEL_TOPICS,
  isUpgradeEvent,
  userRoom,
  type ClientToServerEvents,
  type MarketUpdateMessage,
  type MessageOf,
  type PushedTopic,
  type ServerToClientEvents,
  type SocketChannel,
  type SubscribeAck,
  type TopicChannel,
} from '@pum/contracts';
import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../accounts/principal';
import { SocketAccess } from '../accounts/socket-access';
import { eventsFilter, isEventsRoom, roomsOfEvent, roomsOfFilter } from './events-channel';
import { isMarketChannel, isMarketRoom, marketFilter, roomsOfMarketFilter, roomsOfUpdate } from './market-channel';
import { SlowConsumerGuard } from './slow-consumer.guard';
import { SocketMetrics } from './socket-metrics';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** The channels each pushed topic goes to (`protocol.events.v1`: `upgrades` and `events`). */
const CHANNELS_OF = new Map<PushedTopic, TopicChannel[]>();
for (const [channel, topics] of Object.entries(SOCKET_CHANNEL_TOPICS) as [TopicChannel, readonly PushedTopic[]][]) {
  for (const topic of topics) CHANNELS_OF.set(topic, [...(CHANNELS_OF.get(topic) ?? []), channel]);
}

/** The rooms of a channel a message goes to: `events` by its filter rooms, `upgrades` the upgrade kinds only, `alerts` its owner's. */
function roomsOf(channel: TopicChannel, message: MessageOf<PushedTopic>): string[] {
  if (message.type === 'alert') return [userRoom(message.payload.ownerId)];
  if (message.type !== 'protocol.event') return [channel];
  switch (channel) {
    case 'events':
      return roomsOfEvent(message.payload);
    case 'upgrades':
      return isUpgradeEvent(message.payload) ? [channel] : [];
    case 'lifecycle':
    case 'governance':
    case 'forecasts':
    case 'system':
    case 'analytics':
      return [channel];
    case 'alerts':
      return [];
  }
}

/** The room of the socket's user; null for an anonymous socket, which gets nothing on `alerts`. */
function ownRoom(socket: IoSocket): string | null {
  const principal = (socket.data as { principal?: Principal }).principal;
  return principal && principal.kind !== 'anonymous' ? userRoom(principal.userId) : null;
}

/**
 * Socket.IO endpoint (same port as REST, path `/socket.io`). Clients `emit('subscribe', { channels:
 * ['upgrades', 'lifecycle'] }, ack)` — or `{ channels: ['events'], filter: { protocolId, chainId,
 * kind } }` — and then receive the messages of those channels' topics, each as an event named after
 * its envelope type (`protocol.event`, `upgrade.lifecycle`, …), once even when several channels carry it.
 * The market channels (`prices`, `tvl`, `volumes`, filter `{ protocolId, subject, chainId }`) carry
 * `market.update` messages. `alerts` carries `alert` messages to their owner's sockets only (room `user:<id>`, joined
 * at connection by every authenticated socket; anonymous sockets get none). A socket that falls too far behind is
 * told (`stream.dropped`) and dropped.
 */
@WebSocketGateway({ cors: { origin: true } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly access: SocketAccess,
    private readonly slowConsumers: SlowConsumerGuard,
    private readonly metrics: SocketMetrics,
  ) {}

  @WebSocketServer()
  server!: IoServer;

  /** Every connection is authenticated and takes a slot of its tier's connection limit first. */
  afterInit(server: IoServer): void {
    server.use(this.access.middleware);
    this.metrics.countWith(() => server.of('/').sockets.size);
  }

  handleConnection(socket: IoSocket): void {
    this.slowConsumers.watch(socket);
    const own = ownRoom(socket);
    if (own) void socket.join(own);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const parsed = parseSubscription(body);
    if (!parsed.ok) return parsed;
    // `alerts` is the socket's own room, whatever the client names.
    const own = ownRoom(socket);
    await socket.join(parsed.rooms.flatMap((room) => (room === 'alerts' ? (own ? [own] : []) : [room])));
    this.logger.debug({ msg: 'socket subscribed', socket_id: socket.id, channels: parsed.channels, rooms: parsed.rooms.length });
    return { ok: true, channels: parsed.channels };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: IoSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const parsed = parseChannels(body);
    if (!parsed.ok) return parsed;
    const rooms = parsed.channels.flatMap((channel) => {
      if (channel === 'events') return [...socket.rooms].filter(isEventsRoom);
      if (isMarketChannel(channel)) return [...socket.rooms].filter((room) => isMarketRoom(room, channel));
      if (channel === 'alerts') return [ownRoom(socket) ?? channel];
      return [channel];
    });
    await Promise.all(rooms.map((room) => socket.leave(room)));
    return parsed;
  }

  /** Pushes a message, once its read model is written, to the subscribers of its topic's channels (each socket once). */
  push<T extends PushedTopic>(topic: T, message: MessageOf<T>): void {
    const rooms = (CHANNELS_OF.get(topic) ?? []).flatMap((channel) => roomsOf(channel, message));
    if (rooms.length === 0) return;
    // The mapped event map cannot follow the generic T from `message.type` to its listener; the catalogue types both.
    const target = this.server.to(rooms) as unknown as { emit(event: string, payload: unknown): boolean };
    target.emit(message.type, message);
    this.metrics.pushed(message.type);
  }

  /** Pushes a series' new latest value to the subscribers of its market channel whose filter it matches. */
  pushMarket(message: MarketUpdateMessage): void {
    this.server.to(roomsOfUpdate(message.payload)).emit('market.update', message);
    this.metrics.pushed('market.update');
  }
}

type Subscription = { ok: true; channels: SocketChannel[]; rooms: string[] } | { ok: false; error: string };

function parseSubscription(body: unknown): Subscription {
  const parsed = parseChannels(body);
  if (!parsed.ok) return parsed;
  const filter = (body as { filter?: unknown }).filter;
  const market = parsed.channels.filter(isMarketChannel);
  if (filter === undefined) {
    const rooms = parsed.channels.flatMap((channel) => (channel === 'events' ? roomsOfFilter({}) : isMarketChannel(channel) ? [] : [channel]));
    return { ...parsed, rooms: [...rooms, ...roomsOfMarketFilter(market, {})] };
  }
  if (market.length > 0) {
    if (market.length !== parsed.channels.length) {
      return { ok: false, error: 'a market filter applies to the prices, tvl and volumes channels only: subscribe to other channels in another call' };
    }
    const result = marketFilter.safeParse(filter);
    if (!result.success) return { ok: false, error: `invalid market filter: ${issuesOf(result.error)}` };
    return { ...parsed, rooms: roomsOfMarketFilter(market, result.data) };
  }
  if (parsed.channels.some((channel) => channel !== 'events')) {
    return { ok: false, error: 'a filter applies to the events channel only (or to market channels only): subscribe to other channels in another call' };
  }
  const result = eventsFilter.safeParse(filter);
  if (!result.success) {
    return { ok: false, error: `invalid events filter: ${issuesOf(result.error)}` };
  }
  return { ...parsed, rooms: roomsOfFilter(result.data) };
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

function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(filter)'}: ${issue.message}`).join('; ');
}
