import { TOPICS } from '@pum/contracts';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { GatewayHarness } from '../../services/gateway/test/gateway-harness';
import { fuzzSettings } from './fuzz-settings';

/** Payloads of subscribe and unsubscribe: anything, near-misses of the real shape, and oversized ones. */
const hostilePayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({ channels: fc.anything({ maxDepth: 2 }) }),
  fc.record({ channels: fc.array(fc.oneof(fc.string(), fc.constantFrom('upgrades', 'events', 'prices', 'alerts', '__proto__')), { maxLength: 50 }), filter: fc.anything({ maxDepth: 3 }) }),
  fc.record({ channels: fc.constant(['events']), filter: fc.record({ protocolId: fc.array(fc.string(), { maxLength: 40 }), chainId: fc.array(fc.integer(), { maxLength: 40 }), kind: fc.array(fc.string(), { maxLength: 40 }) }) }),
  // Oversized, under Socket.IO's 1 MB frame limit (maxHttpBufferSize) — beyond it the socket is closed, tested below.
  fc.constantFrom<unknown>({ channels: Array.from({ length: 50_000 }, () => 'upgrades') }, { channels: ['x'.repeat(500_000)] }, JSON.parse('{"__proto__":{"ok":true},"channels":["upgrades"]}')),
);

/** One socket's answer to an emit within the deadline, or why it had none. */
async function ackOf(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  try {
    return await socket.timeout(3_000).emitWithAck(event, payload);
  } catch (error) {
    return { noAck: (error as Error).message };
  }
}

const isAck = (ack: unknown) =>
  typeof ack === 'object' && ack !== null && ((ack as { ok?: unknown }).ok === true || ((ack as { ok?: unknown }).ok === false && typeof (ack as { error?: unknown }).error === 'string'));

/**
 * Socket.IO fuzz (#17): malformed and oversized subscribe/unsubscribe messages, floods of them, unknown events, and
 * connect/disconnect storms against one gateway. Every subscribe/unsubscribe gets an ack (`ok: false` with the reason
 * for a bad one), the gateway stays up, and a healthy client subscribed throughout still receives what is published.
 */
describe('Socket.IO fuzz (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('fuzzsock');
  const harness = new GatewayHarness(new KafkaProbe(`${token}.`), isolatedServiceEnv(token, { SERVICE: 'gateway', SOCKET_REDIS_ADAPTER: 'false' }), async () => {
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });
  const sockets: Socket[] = [];
  const open = async (): Promise<Socket> => {
    const { client } = await harness.connect();
    sockets.push(client as unknown as Socket);
    return client as unknown as Socket;
  };

  beforeAll(() => harness.start([TOPICS.protocolEvents]));
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await harness.stop();
  });

  it('acks every hostile subscribe and unsubscribe with a reason, survives floods and storms, and keeps serving a healthy client', async () => {
    const { seed, numRuns } = fuzzSettings('socket', 150);
    const hostile = await open();
    const wrong: { event: string; payload: string; ack: unknown }[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('subscribe', 'unsubscribe'), hostilePayload, async (event, payload) => {
        const ack = await ackOf(hostile, event, payload);
        if (!isAck(ack)) wrong.push({ event, payload: JSON.stringify(payload)?.slice(0, 200) ?? String(payload), ack });
      }),
      { seed, numRuns },
    );
    expect(wrong).toEqual([]);

    // Unknown events and emits without an ack callback: ignored, the socket stays usable.
    hostile.emit('no-such-event', { a: 1 });
    hostile.emit('subscribe', 'no ack wanted');
    hostile.emit('subscribe');
    expect(await ackOf(hostile, 'subscribe', { channels: ['upgrades'] })).toEqual({ ok: true, channels: ['upgrades'] });

    // Over the frame limit: that socket alone is closed by Socket.IO, before anything reads the message.
    const oversized = await open();
    const closed = new Promise((resolve) => oversized.once('disconnect', resolve));
    expect(await ackOf(oversized, 'subscribe', { channels: ['x'.repeat(1_100_000)] })).toEqual({ noAck: expect.any(String) });
    await closed;
    expect(await ackOf(hostile, 'subscribe', { channels: ['events'] })).toEqual({ ok: true, channels: ['events'] });

    // A flood: one socket emitting without waiting.
    const flooder = await open();
    const flood = await Promise.all(Array.from({ length: 20 * numRuns }, (_, n) => ackOf(flooder, n % 2 ? 'subscribe' : 'unsubscribe', n % 3 ? { channels: ['upgrades'] } : { channels: [n] })));
    expect(flood.filter((ack) => !isAck(ack))).toEqual([]);

    // A storm: sockets connecting and going away at once, some mid-subscribe.
    const origin = new URL((await harness.fetch('/health/live')).url).origin;
    await Promise.all(
      Array.from({ length: Math.min(200, numRuns) }, async (_, n) => {
        const socket = io(origin, { transports: ['websocket'], reconnection: false, forceNew: true });
        if (n % 2) socket.emit('subscribe', { channels: ['upgrades', 'events'] });
        await new Promise((resolve) => setTimeout(resolve, n % 5));
        socket.disconnect();
      }),
    );

    const upgrade = upgradedMessage();
    await harness.publish(TOPICS.protocolEvents, upgrade, upgrade.payload.contract);
    await waitFor(() => harness.pushed.some((pushed) => pushed.message.id === upgrade.id), { what: 'the healthy client receiving the upgrade' });
    expect((await harness.fetch('/health/live')).status).toBe(200);
  }, 300_000);
});
