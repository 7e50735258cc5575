import { TOPICS, TOPIC_CONFIGS, catalogue, type TopicName } from '@pum/contracts';
import { JsonLogger, KafkaConsumerHost, TopicNamer, createKafka } from '@pum/platform';
import { KafkaProbe, testInfra, uniqueToken, waitFor } from '@pum/testing';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { fuzzSettings } from './fuzz-settings';

/** Below the broker's default message.max.bytes (1 MiB) with the dead-letter headers added. */
const OVERSIZED_BYTES = 900_000;

interface KafkaCase {
  kind: 'not_json' | 'wrong_shape' | 'wrong_version' | 'wrong_type' | 'oversized';
  value: Buffer;
  keyless: boolean;
}

const envelope = (topic: TopicName, overrides: Record<string, unknown>) =>
  ({ version: 1, type: topic.replace(/\.v\d+$/, ''), id: 'fuzz', occurredAt: '2026-01-01T00:00:00.000Z', producedAt: '2026-01-01T00:00:00.000Z', source: 'fuzz', payload: {}, ...overrides });

/** Hostile messages for one topic: bytes that are not JSON, JSON of another shape, envelopes of another version or type, oversized ones; keyless or not. */
function kafkaCases(topic: TopicName): fc.Arbitrary<KafkaCase> {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  return fc.boolean().chain((keyless) =>
    fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 512 }).filter((bytes) => !isJson(Buffer.from(bytes))).map((bytes) => ({ kind: 'not_json' as const, value: Buffer.from(bytes), keyless })),
      fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'wrong_shape' as const, value: json(value), keyless })),
      fc.constantFrom<unknown>(0, 2, '1', null, 1.5, -1).chain((version) => fc.jsonValue({ maxDepth: 2 }).map((payload) => ({ kind: 'wrong_version' as const, value: json(envelope(topic, { version, payload })), keyless }))),
      fc.string({ maxLength: 30 }).map((type) => ({ kind: 'wrong_type' as const, value: json(envelope(topic, { type: `${type}x` })), keyless })),
      fc.constantFrom('pad', 'payload').map((field) => ({ kind: 'oversized' as const, value: json(envelope(topic, { [field]: 'x'.repeat(OVERSIZED_BYTES) })), keyless })),
    ),
  );
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString());
    return true;
  } catch {
    return false;
  }
}

/**
 * Kafka fuzz (#17): every topic of the catalogue — the input topics of every service (libs/contracts: the gateway reads
 * the result topics, risk-engine events/lifecycle/proposals/sentiment/ticks/forecasts, alerts its rules and results,
 * analytics swaps and ticks, forecast ticks and lifecycle, ingest-governance events, ingest-chain none) — gets malformed,
 * oversized, wrong-version, wrong-type and keyless messages through the consumer host every service runs. Each lands in
 * `<topic>.dlq` with its original bytes and a reason header, no handler sees one, and consumption goes on behind them.
 */
describe('Kafka fuzz on every catalogue topic (real broker and Redis)', () => {
  const token = uniqueToken('fuzzkafka');
  const probe = new KafkaProbe(`${token}.`);
  const logger = new JsonLogger('fuzz', 'silent');
  const topics = Object.values(TOPICS);
  const handled: { topic: TopicName; id: string }[] = [];
  let redis: Redis;
  let host: KafkaConsumerHost;

  beforeAll(async () => {
    await probe.createTopics(1);
    await probe.watch(topics.map((topic) => probe.namer.deadLetter(topic)));
    redis = new Redis(testInfra.redisUrl);
    const settings = { brokers: testInfra.brokers, clientId: token, groupId: `${token}-g`, topicPrefix: `${token}.`, maxAttempts: 3, retryBackoffMs: 10 };
    host = new KafkaConsumerHost(createKafka(settings, logger), settings, new TopicNamer(settings.topicPrefix), redis, `${token}:`, logger);
    for (const topic of topics) host.register(topic, async (message) => void handled.push({ topic, id: message.id }));
    await new Promise<void>((resolve, reject) => host.server.listen((error?: unknown) => (error ? reject(error) : resolve())));
  });

  afterAll(async () => {
    await host?.server.close();
    await host?.close();
    await probe.dispose();
    const keys = await redis.keys(`${token}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('dead-letters every hostile message with its bytes and a reason, and goes on consuming', async () => {
    const { seed, numRuns } = fuzzSettings('kafka', 6);
    const sent = new Map<TopicName, KafkaCase[]>();
    fc.sample(fc.tuple(...topics.map((topic) => fc.array(kafkaCases(topic), { minLength: numRuns, maxLength: numRuns }))), { seed, numRuns: 1 })[0]!.forEach((cases, i) => sent.set(topics[i]!, cases));

    for (const [topic, cases] of sent) {
      // Compacted topics refuse keyless records at the broker: there a key is always given.
      const compacted = TOPIC_CONFIGS[topic]?.['cleanup.policy'] === 'compact';
      for (const [n, fuzz] of cases.entries()) {
        await probe.send(probe.namer.physical(topic), [{ key: fuzz.keyless && !compacted ? undefined : `fuzz-${n}`, value: fuzz.value }]);
      }
      // Behind them, a marker: once it is dead-lettered, the consumer went past every case before it.
      await probe.send(probe.namer.physical(topic), [{ key: 'marker', value: `marker ${token}` }]);
    }

    for (const [topic, cases] of sent) {
      const dlq = probe.namer.deadLetter(topic);
      await waitFor(() => probe.on(dlq).some((message) => message.value === `marker ${token}`), { what: `the marker on ${dlq}`, timeoutMs: 60_000 });
      const letters = probe.on(dlq).filter((message) => message.value !== `marker ${token}`);
      expect(letters).toHaveLength(cases.length);
      letters.forEach((letter, n) => {
        const fuzz = cases[n]!;
        expect({ kind: fuzz.kind, same: letter.value === fuzz.value.toString() }).toEqual({ kind: fuzz.kind, same: true });
        expect(letter.headers).toMatchObject({ 'x-original-topic': probe.namer.physical(topic), 'x-error-kind': 'invalid', 'x-original-offset': String(n) });
        expect(letter.headers['x-error']!.length).toBeGreaterThan(10);
        if (fuzz.kind === 'wrong_version') expect(letter.headers['x-error']).toMatch(/version/);
      });
    }
    expect(handled).toEqual([]);
    expect(Object.keys(catalogue).sort()).toEqual([...topics].sort());
  }, 300_000);
});
