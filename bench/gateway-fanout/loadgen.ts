/**
 * One load-generator process of the fan-out benchmark (forked by fanout.ts): opens its share of Socket.IO clients
 * to the server under test from its own 127.0.0.x source address, subscribes each to a channel, and records the
 * delivery latency of every message (receipt − the envelope's `producedAt`). Talks to the parent over IPC.
 */
import { io, type Socket } from 'socket.io-client';

export type LoadgenCommand =
  | { type: 'connect'; url: string; clients: number; localAddress: string; channel: string; event: string; auth: Record<string, string> }
  | { type: 'report' }
  | { type: 'close' };

export type LoadgenReport =
  | { type: 'connected'; clients: number; failed: number; ms: number }
  | { type: 'report'; received: number; latencies: number[]; disconnects: number };

const sockets: Socket[] = [];
let latencies: number[] = [];
let disconnects = 0;

function send(message: LoadgenReport): void {
  process.send?.(message);
}

async function connectAll(command: Extract<LoadgenCommand, { type: 'connect' }>): Promise<void> {
  const started = Date.now();
  let failed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const socket = io(command.url, { transports: ['websocket'], localAddress: command.localAddress, reconnection: false, auth: command.auth, timeout: 60_000 } as never);
      socket.on(command.event, (message: { producedAt: string }) => {
        latencies.push(Date.now() - Date.parse(message.producedAt));
      });
      socket.on('disconnect', () => (disconnects += 1));
      socket.once('connect', () => {
        socket.emit('subscribe', { channels: [command.channel] }, () => resolve());
      });
      socket.once('connect_error', () => {
        failed += 1;
        resolve();
      });
      sockets.push(socket);
    });
  // A bounded number of handshakes at a time, as a crowd of real clients would arrive.
  const batch = 100;
  for (let i = 0; i < command.clients; i += batch) await Promise.all(Array.from({ length: Math.min(batch, command.clients - i) }, one));
  send({ type: 'connected', clients: command.clients - failed, failed, ms: Date.now() - started });
}

process.on('message', (command: LoadgenCommand) => {
  if (command.type === 'connect') void connectAll(command);
  if (command.type === 'report') {
    send({ type: 'report', received: latencies.length, latencies, disconnects });
    latencies = [];
  }
  if (command.type === 'close') {
    for (const socket of sockets) socket.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});
