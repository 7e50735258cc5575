import type { ClientToServerEvents, ServerToClientEvents, SocketChannel, SubscribeAck } from '@pum/contracts';
import { io, type Socket } from 'socket.io-client';
import type { GatewayConnection } from './rest';

export type GatewaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Why the gateway refused a connection (`connect_error`): `err.data.code` is `unauthorized` or `connection_limit`. */
export interface HandshakeRefusal {
  code: string;
  [detail: string]: unknown;
}

/**
 * A Socket.IO client of the gateway, authenticated in the handshake, with every pushed event typed from the contracts.
 *
 * @example
 * const socket = connectGateway({ baseUrl, apiKey });
 * await subscribe(socket, ['upgrades', 'lifecycle']);
 * socket.on('risk.assessment', (message) => console.log(message.payload.level));
 */
export function connectGateway(connection: Omit<GatewayConnection, 'fetch'>, options: { transports?: ('websocket' | 'polling')[] } = {}): GatewaySocket {
  const auth = connection.token ? { token: connection.token } : connection.apiKey ? { apiKey: connection.apiKey } : {};
  return io(connection.baseUrl, { transports: options.transports ?? ['websocket'], auth });
}

/** Subscribes to channels (and, for `events` or the market channels, a filter); rejects with the gateway's reason. */
export async function subscribe(socket: GatewaySocket, channels: SocketChannel[], filter?: Parameters<ClientToServerEvents['subscribe']>[0]['filter'], timeoutMs = 10_000): Promise<SubscribeAck & { ok: true }> {
  const ack = await socket.timeout(timeoutMs).emitWithAck('subscribe', filter === undefined ? { channels } : { channels, filter });
  if (!ack.ok) throw new Error(`subscription refused: ${ack.error}`);
  return ack;
}
