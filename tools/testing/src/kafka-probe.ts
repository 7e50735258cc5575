import { TopicNamer, createKafka, ensureTopics, JsonLogger } from '@pum/platform';
import { Partitioners, type Kafka, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { testInfra } from './test-env';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Test-side Kafka: creates a prefixed copy of the catalogue topics, sends raw bytes (malformed
 * ones included), and records everything that arrives on the topics it watches — each record once.
 * The probe's own consumer is at least once too (a restart after a broker hiccup re-reads from its
 * last committed offset), so a record is kept once per topic, partition and offset: what `received`
 * holds is what producers wrote, and a test that counts it still sees a producer's real duplicates.
 */
export class KafkaProbe {
  readonly kafka: Kafka;
  readonly namer: TopicNamer;
  readonly received: ReadMessage[] = [];
  /** `topic/partition/offset` of every record in `received`. */
  private readonly seen = new Set<string>();
  private producer?: Producer;
  private consumer?: Consumer;

  constructor(readonly prefix: string) {
    this.kafka = createKafka({ clientId: `probe-${prefix}`, brokers: testInfra.brokers }, new JsonLogger('probe', 'silent'));
    this.namer = new TopicNamer(prefix);
  }

  async createTopics(partitions = 3): Promise<void> {
    await ensureTopics(this.kafka, this.namer, { partitions });
  }

  /** Sends raw values to a physical topic name. */
  async send(topic: string, messages: { key?: string; value: string | Buffer | null; headers?: IHeaders }[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages });
  }

  /** Starts recording every message on the given physical topics, from the beginning. */
  async watch(topics: string[]): Promise<void> {
    // A short fetch wait: disconnect waits for the fetch in flight, and tests disconnect often.
    this.consumer = this.kafka.consumer({ groupId: `probe-${this.prefix}-${Date.now()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const coordinates = `${topic}/${partition}/${message.offset}`;
        if (this.seen.has(coordinates)) return;
        this.seen.add(coordinates);
        this.received.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? ''])),
        });
      },
    });
  }

  on(topic: string): ReadMessage[] {
    return this.received.filter((message) => message.topic === topic);
  }

  /** Disconnects and deletes this probe's topics. */
  async dispose(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(this.prefix));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
    } finally {
      await admin.disconnect();
    }
  }
}
