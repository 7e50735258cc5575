import { io, type Socket } from 'socket.io-client';

/**
 * One Socket.IO client on the `upgrades` channel that reconnects by itself (the gateway keeps its port
 * across restarts) and subscribes again on every connection; it records every message id it is pushed.
 */
export class StreamClient {
  readonly received: { id: string; blockHash: string }[] = [];
  reconnects = 0;
  private readonly socket: Socket;

  constructor(url: string) {
    this.socket = io(url, { transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1_000 });
    let connections = 0;
    this.socket.on('connect', () => {
      if (connections++ > 0) this.reconnects++;
      this.socket.emit('subscribe', { channels: ['upgrades'] }, () => undefined);
    });
    this.socket.on('protocol.event', (message: { id: string; payload: { blockHash: string } }) => {
      this.received.push({ id: message.id, blockHash: message.payload.blockHash });
    });
    this.socket.on('risk.assessment', (message: { id: string }) => {
      this.received.push({ id: message.id, blockHash: message.id.split('@')[1] ?? '' });
    });
  }

  close(): void {
    this.socket.close();
  }
}
