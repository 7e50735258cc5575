// Lives outside libs/platform: it uses the test tooling, which itself builds on the platform lib.
import { DLQ_HEADERS, TOPICS, type MessageOf } from '@pum/contracts';
import { KafkaProbe, TcpFaultProxy, testInfra, uniqueToken, waitFor } from '@pum/testing';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { JsonLogger, KafkaConsumerHost, PermanentMessageError, TopicNamer, createKafka } from '@pum/platform';

const assessment = (n: number): MessageOf<'risk.assessments.v1'> => ({
  version: 1,
  type: 'risk.assessment',
  id: `assessment-${n}`,
  occurredAt: '2026-01-01T00:00:00.000Z',
  producedAt: '2026-01-01T00:00:01.000Z',
  source: 'test',
  payload: {
    assessmentId: `a-${n}`,
    subjectType: 'upgrade',
    subjectId: `31337:0x${'a'.repeat(64)}:${n}`,
    chainId: 31337,
    contract: `0x${'1'.repeat(40)}`,
    protocolId: null,
    score: n % 100,
    level: 'low',
    factors: [],
    modelVersion: 'test',
    subjectStatus: 'confirmed',
  },
});

describe('KafkaConsumerHost (real broker and Redis)', () => {
  const logger = new JsonLogger('test', 'silent');
  let token: string;
  let probe: KafkaProbe;
  let redis: Redis;
  let sut: KafkaConsumerHost | undefined;
  let topic: string;

  const startHost = async (handler: (message: MessageOf<'risk.assessments.v1'>) => Promise<void>, groupSuffix = 'g') => {
    const settings = {
      brokers: testInfra.brokers,
      clientId: token,
      groupId: `${token}-${groupSuffix}`,
      topicPrefix: `${token}.`,
      maxAttempts: 3,
      retryBackoffMs: 10,
    };
    const kafka = createKafka(settings, logger);
    const host = new KafkaConsumerHost(kafka, settings, new TopicNamer(settings.topicPrefix), redis, `${token}:`, logger);
    host.register(TOPICS.riskAssessments, handler);
    await new Promise<void>((resolve, reject) => host.server.listen((error?: unknown) => (error ? reject(error) : resolve())));
    return host;
  };

  beforeEach(async () => {
    token = uniqueToken('policy');
    probe = new KafkaProbe(`${token}.`);
    await probe.createTopics(1);
    topic = probe.namer.physical(TOPICS.riskAssessments);
    await probe.watch([probe.namer.deadLetter(TOPICS.riskAssessments)]);
    redis = new Redis(testInfra.redisUrl);
  });

  afterEach(async () => {
    await sut?.server.close();
    await sut?.close();
    sut = undefined;
    await probe.dispose();
    const keys = await redis.keys(`${token}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('dead-letters a malformed message with its origin and goes on to the next one', async () => {
    const handled: string[] = [];
    sut = await startHost(async (message) => void handled.push(message.id));

    await probe.send(topic, [{ key: 'k', value: '{not json' }, { key: 'k', value: JSON.stringify(assessment(1)) }]);

    await waitFor(() => handled.includes('assessment-1'), { what: 'the good message' });
    const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.riskAssessments))[0], { what: 'dead letter' });
    expect(dead?.value).toBe('{not json');
    expect(dead?.headers).toMatchObject({
      [DLQ_HEADERS.originalTopic]: topic,
      [DLQ_HEADERS.originalPartition]: '0',
      [DLQ_HEADERS.originalOffset]: '0',
      [DLQ_HEADERS.errorKind]: 'invalid',
      [DLQ_HEADERS.consumerGroup]: `${token}-g`,
    });
    expect(dead?.headers[DLQ_HEADERS.error]).toMatch(/not JSON/);
  });

  it('dead-letters a message that breaks its topic schema, naming the field', async () => {
    const handled: string[] = [];
    sut = await startHost(async (message) => void handled.push(message.id));
    const bad = { ...assessment(2), payload: { ...assessment(2).payload, score: 101 } };

    await probe.send(topic, [{ value: JSON.stringify(bad) }, { value: JSON.stringify(assessment(3)) }]);

    await waitFor(() => handled.includes('assessment-3'), { what: 'the good message' });
    const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.riskAssessments))[0], { what: 'dead letter' });
    expect(dead.headers[DLQ_HEADERS.error]).toMatch(/payload\.score/);
    expect(handled).not.toContain('assessment-2');
  });

  it('retries a failing handler up to the cap, then dead-letters it and continues', async () => {
    const attempts = new Map<string, number>();
    sut = await startHost(async (message) => {
      attempts.set(message.id, (attempts.get(message.id) ?? 0) + 1);
      if (message.id === 'assessment-4') throw new Error('downstream unavailable');
    });

    await probe.send(topic, [{ value: JSON.stringify(assessment(4)) }, { value: JSON.stringify(assessment(5)) }]);

    await waitFor(() => attempts.get('assessment-5') === 1, { what: 'the next message' });
    const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.riskAssessments))[0], { what: 'dead letter' });
    expect(attempts.get('assessment-4')).toBe(3);
    expect(dead.headers).toMatchObject({ [DLQ_HEADERS.attempts]: '3', [DLQ_HEADERS.errorKind]: 'failed' });
    expect(dead.headers[DLQ_HEADERS.error]).toMatch(/downstream unavailable/);
  });

  it('handles a message once a transient failure clears, without dead-lettering it', async () => {
    // Ids of the messages the handler was called with (at least once: a rebalance may hand one over again).
    const calls: string[] = [];
    sut = await startHost(async (message) => {
      calls.push(message.id);
      if (calls.length < 2) throw new Error('transient');
    });

    await probe.send(topic, [{ value: JSON.stringify(assessment(6)) }]);

    await waitFor(() => calls.filter((id) => id === 'assessment-6').length >= 2, { what: 'second attempt' });
    await probe.send(topic, [{ value: JSON.stringify(assessment(7)) }]);
    await waitFor(() => calls.includes('assessment-7'), { what: 'next message' });
    // A dead letter of assessment-6 would be on the (one-partition) DLQ already: a sentinel sent now arrives after it.
    const deadLetters = probe.namer.deadLetter(TOPICS.riskAssessments);
    await probe.send(deadLetters, [{ value: 'sentinel' }]);
    await waitFor(() => probe.on(deadLetters).some((m) => m.value === 'sentinel'), { what: 'the dead-letter sentinel' });
    expect(probe.on(deadLetters).map((m) => m.value)).toEqual(['sentinel']);
  });

  it('waits out an unreachable Postgres without using up attempts or dead-lettering, then handles the message', async () => {
    const upstream = new URL(testInfra.databaseUrl);
    const postgres = await TcpFaultProxy.start(upstream.hostname, Number(upstream.port || 5432));
    const through = new URL(testInfra.databaseUrl);
    through.host = postgres.address;
    const pool = new Pool({ connectionString: through.toString(), connectionTimeoutMillis: 500 });
    pool.on('error', () => undefined);
    let failures = 0;
    const handled: string[] = [];
    try {
      sut = await startHost(async (message) => {
        await pool.query('SELECT 1').catch((error: unknown) => {
          failures++;
          throw error;
        });
        handled.push(message.id);
      });
      postgres.cut();
      await probe.send(topic, [{ value: JSON.stringify(assessment(20)) }]);
      // Twice the cap of 3 attempts: a failure that counted would have dead-lettered the message by now.
      await waitFor(() => failures >= 6, { what: 'six failed tries while Postgres is away', timeoutMs: 45_000 });
      postgres.restore();
      await waitFor(() => handled.includes('assessment-20'), { what: 'the message handled once Postgres is back', timeoutMs: 30_000 });
      const deadLetters = probe.namer.deadLetter(TOPICS.riskAssessments);
      await probe.send(deadLetters, [{ value: 'sentinel' }]);
      await waitFor(() => probe.on(deadLetters).some((m) => m.value === 'sentinel'), { what: 'the dead-letter sentinel' });
      expect(probe.on(deadLetters).map((m) => m.value)).toEqual(['sentinel']);
    } finally {
      await pool.end();
      await postgres.stop();
    }
  });

  it('dead-letters a permanent failure at once', async () => {
    let calls = 0;
    sut = await startHost(async () => {
      calls += 1;
      throw new PermanentMessageError('cannot ever work');
    });

    await probe.send(topic, [{ value: JSON.stringify(assessment(8)) }]);

    const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.riskAssessments))[0], { what: 'dead letter' });
    expect(calls).toBe(1);
    expect(dead.headers[DLQ_HEADERS.attempts]).toBe('1');
  });

  it('commits only handled messages: a restarted consumer resumes after the last one', async () => {
    const firstRun: string[] = [];
    sut = await startHost(async (message) => void firstRun.push(message.id));
    await probe.send(topic, [1, 2, 3].map((n) => ({ value: JSON.stringify(assessment(100 + n)) })));
    await waitFor(() => firstRun.length === 3, { what: 'first run' });
    await sut.server.close();
    await sut.close();

    const secondRun: string[] = [];
    sut = await startHost(async (message) => void secondRun.push(message.id));
    await probe.send(topic, [{ value: JSON.stringify(assessment(104)) }]);

    await waitFor(() => secondRun.includes('assessment-104'), { what: 'message after restart' });
    // Nothing the first run handled comes again (a rebalance may still hand 104 over twice).
    expect([...new Set(secondRun)]).toEqual(['assessment-104']);
  });
});
