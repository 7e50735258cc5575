import { TOPIC_CONFIGS, topicNames, type TopicName } from '@pum/contracts';
import { KafkaJSProtocolError, type Admin, type Kafka } from 'kafkajs';
import type { TopicNamer } from './topic-namer';

export interface EnsureTopicsOptions {
  partitions?: number;
  replicationFactor?: number;
  topics?: readonly TopicName[];
  /** How long new topics may take to get a leader for every partition. */
  leaderTimeoutMs?: number;
}

const NOT_READY = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/** Waits until every partition of the topics has a leader, i.e. producers and consumers can use them. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      if (metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (error) {
      if (!(error instanceof KafkaJSProtocolError && NOT_READY.has(error.type))) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics have no leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Creates every catalogue topic and its `.dlq` if missing (idempotent), with its `TOPIC_CONFIGS`; returns the
 * names created. An existing topic is left as it is (change its config with kafka-configs.sh).
 *
 * @example await ensureTopics(kafka, new TopicNamer(''), { partitions: 6 })
 */
export async function ensureTopics(kafka: Kafka, namer: TopicNamer, options: EnsureTopicsOptions = {}): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = (options.topics ?? topicNames).flatMap((topic) => [
      { name: namer.physical(topic), configs: TOPIC_CONFIGS[topic] ?? {} },
      { name: namer.deadLetter(topic), configs: {} },
    ]);
    const missing = wanted.filter(({ name }) => !existing.has(name));
    if (missing.length > 0) {
      await admin.createTopics({
        // kafkajs' own wait retries only LEADER_NOT_AVAILABLE, but a loaded KRaft broker can still
        // answer UNKNOWN_TOPIC_OR_PARTITION right after the create; waitForLeaders below retries both.
        waitForLeaders: false,
        topics: missing.map(({ name, configs }) => ({
          topic: name,
          numPartitions: options.partitions ?? 6,
          replicationFactor: options.replicationFactor ?? 1,
          configEntries: Object.entries(configs).map(([configName, value]) => ({ name: configName, value })),
        })),
      });
      await waitForLeaders(admin, missing.map(({ name }) => name), options.leaderTimeoutMs ?? 30_000);
    }
    return missing.map(({ name }) => name);
  } finally {
    await admin.disconnect();
  }
}
