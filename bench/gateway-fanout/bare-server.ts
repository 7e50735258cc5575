/**
 * The baseline of the fan-out benchmark (forked by fanout.ts): a bare Socket.IO server on the same port settings,
 * no Kafka, no Postgres, no Redis — `subscribe` joins the room, and on the parent's command it broadcasts the given
 * envelope to the room with `producedAt` set at that moment, as the gateway's producer would have.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

export type BareCommand = { type: 'broadcast'; room: string; event: string; message: Record<string, unknown> } | { type: 'stats' };
export type BareReport = { type: 'listening'; url: string } | { type: 'stats'; rssMb: number; maxRssMb: number; cpuMs: number };

const http = createServer();
const server = new Server(http, { cors: { origin: true } });
const cpuAtStart = process.cpuUsage();
server.on('connection', (socket) => {
  socket.on('subscribe', (request: { channels: string[] }, ack: (answer: unknown) => void) => {
    void socket.join(request.channels);
    ack({ ok: true, channels: request.channels });
  });
});
http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as { port: number };
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` } satisfies BareReport);
});
process.on('message', (command: BareCommand) => {
  if (command.type === 'broadcast') server.to(command.room).emit(command.event, { ...command.message, producedAt: new Date().toISOString() });
  if (command.type === 'stats') {
    const cpu = process.cpuUsage(cpuAtStart);
    process.send?.({ type: 'stats', rssMb: process.memoryUsage().rss / 2 ** 20, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies BareReport);
  }
});
