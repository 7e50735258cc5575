import {
  SOCKET_CHANNELS,
  type ClientToServerEvents,
  type MessageOf,
  type ServerToClientEvents,
  type SocketChannel,
  type SubscribeAck,
} from '@pum/contracts';
import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Socket.IO endpoint (same port as REST, path `/socket.io`). Clients `emit('subscribe', { channels:
 * ['upgrades'] }, ack)` and then receive `protocol.event` and `risk.assessment` messages.
 */
@WebSocketGateway({ cors: { origin: true } })
export class UpgradesGateway {
  private readonly logger = new Logger(UpgradesGateway.name);

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

  publishProtocolEvent(message: MessageOf<'protocol.events.v1'>): void {
    this.server.to('upgrades').emit('protocol.event', message);
  }

  publishRiskAssessment(message: MessageOf<'risk.assessments.v1'>): void {
    this.server.to('upgrades').emit('risk.assessment', message);
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
