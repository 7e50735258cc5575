import { TOPICS } from '@pum/contracts';
import { KafkaProbe, TcpFaultProxy, assessmentOf, clearRedisPrefix, dropSchema, isolatedServiceEnv, testInfra, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import { GatewayHarness } from '../test/gateway-harness';

/**
 * Postgres unreachable for the gateway alone (#17): a TCP proxy the test cuts sits between the gateway and the shared
 * Postgres, which stays up. REST answers 503 JSON with Retry-After at once; what arrives on Kafka meanwhile waits with
 * its offset uncommitted — not retried into the DLQ — and is all served once Postgres is back.
 */
describe('gateway with Postgres unreachable (real Kafka, Redis; Postgres behind a TCP proxy the test cuts)', () => {
  const token = uniqueToken('gw_pgout');
  const database = new URL(testInfra.databaseUrl);
  let proxy: TcpFaultProxy;
  let harness: GatewayHarness;
  const groupId = `${token}-gateway`;

  /** Messages of the events topic the group has committed, over every partition. */
  const committed = async (): Promise<number> => {
    const admin = harness.probe instanceof KafkaProbe ? harness.probe.kafka.admin() : undefined;
    if (!admin) throw new Error('a KafkaProbe is needed');
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({ groupId, topics: [harness.probe.namer.physical(TOPICS.protocolEvents)] });
      return topic!.partitions.reduce((sum, partition) => sum + Math.max(0, Number(partition.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    proxy = await TcpFaultProxy.start(database.hostname, Number(database.port || 5432));
    const viaProxy = new URL(testInfra.databaseUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    harness = new GatewayHarness(
      new KafkaProbe(`${token}.`),
      // Two attempts: were an outage counted as a failure, the messages would be in the DLQ within a second.
      isolatedServiceEnv(token, { SERVICE: 'gateway', DATABASE_URL: viaProxy.toString(), KAFKA_MAX_ATTEMPTS: '2', SOCKET_REDIS_ADAPTER: 'false' }),
      async () => {
        await clearRedisPrefix(`${token}:`);
        await dropSchema(token.toLowerCase());
      },
    );
    await harness.start([TOPICS.protocolEvents, TOPICS.riskAssessments]);
  });

  afterAll(async () => {
    proxy?.restore();
    await harness?.stop();
    await proxy?.stop();
  });

  it('answers 503 JSON with Retry-After while Postgres is gone, loses nothing consumed meanwhile, and serves it all once back', async () => {
    const before = upgradedMessage();
    await harness.publish(TOPICS.protocolEvents, before, before.payload.contract);
    await waitFor(async () => (await harness.get(`/api/v1/upgrades/${before.payload.eventId}`)).status === 200, { what: 'the first upgrade served' });
    const committedBefore = await waitFor(async () => {
      const offset = await committed();
      return offset === 1 && offset;
    }, { what: 'the first offset committed' });

    proxy.cut();
    const started = performance.now();
    const list = await harness.fetch('/api/v1/upgrades');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(list.status).toBe(503);
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Number(list.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await list.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('database is unavailable') });
    expect((await harness.fetch(`/api/v1/upgrades/${before.payload.eventId}`)).status).toBe(503);
    expect((await harness.fetch('/health')).status).toBe(503);
    expect((await harness.fetch('/health/live')).status).toBe(200);

    const during = Array.from({ length: 5 }, () => upgradedMessage());
    // One key, one partition: the five queue behind the first, which waits for Postgres.
    for (const message of during) await harness.publish(TOPICS.protocolEvents, message, 'outage');
    for (const message of during) await harness.publish(TOPICS.riskAssessments, assessmentOf(message, 80), message.payload.eventId);
    await waitFor(async () => /pum_messages_consumed_total\{[^}]*outcome="dependency_unavailable"[^}]*\} [1-9]/.test(await (await harness.fetch('/metrics')).text()), {
      what: 'the consumer waiting for Postgres',
    });
    // Well past two attempts' backoff: nothing dead-lettered, nothing committed.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(harness.deadLetters(TOPICS.protocolEvents)).toEqual([]);
    expect(harness.deadLetters(TOPICS.riskAssessments)).toEqual([]);
    expect(await committed()).toBe(committedBefore);

    proxy.restore();
    for (const message of during) {
      const served = await waitFor(async () => {
        const answer = await harness.get(`/api/v1/upgrades/${message.payload.eventId}`);
        return answer.status === 200 && answer.body;
      }, { what: `upgrade ${message.payload.eventId} after the outage`, timeoutMs: 30_000 });
      expect(served).toMatchObject({ id: message.payload.eventId, newImplementation: message.payload.newImplementation });
      await waitFor(async () => (await harness.get(`/api/v1/upgrades/${message.payload.eventId}/risk`)).status === 200, { what: 'its assessment' });
    }
    expect(await committed()).toBe(committedBefore + during.length);
    expect(harness.deadLetters(TOPICS.protocolEvents)).toEqual([]);
    expect(harness.deadLetters(TOPICS.riskAssessments)).toEqual([]);
    expect((await harness.fetch('/health')).status).toBe(200);
  }, 90_000);
});
