import { TOPICS } from '@pum/contracts';
import { KafkaProbe, TcpFaultProxy, clearRedisPrefix, dropSchema, isolatedServiceEnv, spawnService, testInfra, uniqueToken, upgradedMessage, waitFor, type SpawnedService } from '@pum/testing';
import { io, type Socket } from 'socket.io-client';

/**
 * Found by the chaos suite (#17): Redis unreachable for 20 s ended the gateway — the Socket.IO Redis adapter
 * publishes each broadcast without awaiting it, and ioredis rejected the queued publishes (MaxRetriesPerRequestError)
 * as unhandled rejections. The gateway in its own process, Redis behind a TcpFaultProxy cut for longer than ioredis retries.
 */
describe('gateway with Redis unreachable', () => {
  const token = uniqueToken('gwredis');
  const probe = new KafkaProbe(`${token}.`);
  let redis: TcpFaultProxy | undefined;
  let gateway: SpawnedService | undefined;
  let socket: Socket | undefined;

  afterAll(async () => {
    socket?.close();
    await gateway?.stop();
    await redis?.stop();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('keeps running and pushing to its own sockets through a 20 s outage, and is ready again once Redis is back', async () => {
    const upstream = new URL(testInfra.redisUrl);
    redis = await TcpFaultProxy.start(upstream.hostname, Number(upstream.port || 6379));
    const through = new URL(testInfra.redisUrl);
    through.host = redis.address;
    await probe.createTopics(1);
    gateway = await spawnService('gateway', { ...isolatedServiceEnv(token, { SERVICE: 'gateway' }), REDIS_URL: through.toString() }, 120_000);
    const received: string[] = [];
    socket = io(gateway.url, { transports: ['websocket'] });
    socket.on('protocol.event', (message: { id: string }) => received.push(message.id));
    await waitFor(() => socket?.connected, { what: 'the socket connected' });
    await socket.timeout(5_000).emitWithAck('subscribe', { channels: ['upgrades'] });

    redis.cut();
    const topic = probe.namer.physical(TOPICS.protocolEvents);
    const sent: string[] = [];
    const outageEnds = Date.now() + 20_000;
    while (Date.now() < outageEnds) {
      const message = upgradedMessage();
      sent.push(message.id);
      await probe.send(topic, [{ key: `${message.payload.chainId}:${message.payload.contract}`, value: JSON.stringify(message) }]);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(gateway.process.exitCode).toBeNull();
    expect(gateway.process.signalCode).toBeNull();
    // Broadcasts during the outage still reach this replica's own sockets.
    await waitFor(() => sent.every((id) => received.includes(id)), { what: 'every upgrade pushed during the outage', timeoutMs: 30_000 });

    redis.restore();
    await waitFor(async () => (await fetch(`${gateway!.url}/health/ready`)).status === 200 && (await (await fetch(`${gateway!.url}/health/ready`)).json() as { status: string }).status === 'ok', {
      what: 'the gateway ready with Redis up',
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    expect(gateway.process.exitCode).toBeNull();
  }, 240_000);
});
