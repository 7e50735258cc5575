import { TOPICS } from '@pum/contracts';
import { KafkaProbe, uniqueToken, waitFor, clearRedisPrefix, dropSchema, isolatedServiceEnv } from '@pum/testing';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Socket as RawSocket } from 'node:net';
import { GatewayHarness } from '../test/gateway-harness';
import { priceSeries, volatilityMessage } from '../test/messages';
import { RealtimeGateway } from './realtime/realtime.gateway';

const LIMIT = 262_144;
const MESSAGES = 600;
/** Each pushed message carries this much padding: 600 of them are far more than the kernel's loopback buffers hold. */
const PADDING = 65_536;

describe('gateway slow Socket.IO consumers (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const harness = new GatewayHarness(new KafkaProbe(`${token}.`), isolatedServiceEnv(token, { SERVICE: 'gateway', GATEWAY_SOCKET_BUFFER_LIMIT_BYTES: String(LIMIT) }), async () => {
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  beforeAll(() => harness.start([]));
  afterAll(() => harness.stop());

  it('drops a client that stops reading, telling it why, while the others receive every message', async () => {
    const slow = await harness.connect();
    const fast = await harness.connect();
    for (const { client } of [slow, fast]) expect(await client.timeout(5_000).emitWithAck('subscribe', { channels: ['forecasts'] })).toMatchObject({ ok: true });
    const slowId = slow.client.id;
    let slowDisconnect: string | undefined;
    slow.client.on('disconnect', (reason) => (slowDisconnect = reason));
    // The client's TCP socket stops reading: what the gateway sends piles up in the kernel, then in the gateway.
    const raw = (slow.client.io.engine as unknown as { transport: { ws: { _socket: RawSocket } } }).transport.ws._socket;
    raw.pause();

    const realtime = harness.provider(RealtimeGateway);
    const base = volatilityMessage(priceSeries(`${token.toLowerCase()}-p`), new Date().toISOString());
    for (let i = 0; i < MESSAGES; i++) {
      realtime.push(TOPICS.forecastVolatility, { ...base, id: `${base.id}:${i}`, padding: 'x'.repeat(PADDING) } as typeof base);
      await nextTurn();
    }

    await waitFor(() => fast.received.filter((p) => p.event === 'forecast.volatility').length === MESSAGES, { what: 'every message on the fast client' });
    await waitFor(async () => !(await realtime.server.fetchSockets()).some((socket) => socket.id === slowId), { what: 'the slow socket dropped' });
    const metrics = await (await harness.fetch('/metrics')).text();
    expect(metrics).toMatch(/pum_gateway_sockets_dropped_total\{reason="slow_consumer"[^}]*\} 1\b/);

    raw.resume();
    await waitFor(() => slowDisconnect !== undefined, { what: 'the slow client sees its disconnection' });
    expect(fast.client.connected).toBe(true);
  });
});
