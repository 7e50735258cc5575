import { ConsumerLag, JsonLogger, MetricsService } from '@pum/platform';
import { KafkaProbe, uniqueToken } from '@pum/testing';

describe('ConsumerLag', () => {
  const token = uniqueToken('lag');
  const probe = new KafkaProbe(`${token}.`);
  const groupId = `${token}-group`;
  const metrics = new MetricsService('lag-test');
  const sut = new ConsumerLag(probe.kafka, groupId, metrics, new JsonLogger('lag-test', 'silent'));
  const topic = probe.namer.physical('protocol.events.v1');
  const lagOf = async (): Promise<string | undefined> =>
    (await metrics.registry.getSingleMetricAsString('pum_consumer_lag_messages')).split('\n').find((line) => line.startsWith('pum_consumer_lag_messages{'));

  beforeAll(() => probe.createTopics(2));

  afterAll(async () => {
    await sut.close();
    await probe.dispose();
  });

  it('reports the messages a group has not committed, per catalogue topic, from the log start when it committed none', async () => {
    sut.track(topic, 'protocol.events.v1');
    // Idempotent, so a retried send on a busy broker cannot write a message twice.
    const producer = probe.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [0, 1, 2, 3, 4].map((i) => ({ key: `k${i}`, value: `{"i":${i}}` })) });
    await producer.disconnect();

    expect(await lagOf()).toBe(`pum_consumer_lag_messages{group="${groupId}",topic="protocol.events.v1",service="lag-test"} 5`);

    const admin = probe.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      // The group commits everything on one partition: only the other's messages are left.
      const done = ends.find((p) => Number(p.high) > 0)!;
      await admin.setOffsets({ groupId, topic, partitions: [{ partition: done.partition, offset: done.high }] });

      expect(await lagOf()).toBe(`pum_consumer_lag_messages{group="${groupId}",topic="protocol.events.v1",service="lag-test"} ${5 - Number(done.high)}`);
    } finally {
      await admin.disconnect();
    }
  });
});
