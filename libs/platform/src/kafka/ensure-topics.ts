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
 * Creates every catalogue topic and its `.dlq` if missing (idempotent); returns the names created.
 * A topic of `TOPIC_CONFIGS` (the compacted `alerts.rules.v1`) gets its config; its `.dlq` does not.
 * Topics that exist are left as they are (`kafka-configs.sh --alter` changes an existing one).
 *
 * @example await ensureTopics(kafka, new TopicNamer(''), { partitions: 6 })
 */
export async function ensureTopics(kafka: Kafka, namer: TopicNamer, options: EnsureTopicsOptions = {}): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const configs = new Map<string, Readonly<Record<string, string>>>();
    const wanted = (options.topics ?? topicNames).flatMap((topic) => {
      const config = TOPIC_CONFIGS[topic];
      if (config) configs.set(namer.physical(topic), config);
      return [namer.physical(topic), namer.deadLetter(topic)];
    });
    const missing = wanted.filter((name) => !existing.has(name));
    if (missing.length > 0) {
      await admin.createTopics({
        // kafkajs' own wait retries only LEADER_NOT_AVAILABLE, but a loaded KRaft broker can still
        // answer UNKNOWN_TOPIC_OR_PARTITION right after the create; waitForLeaders below retries both.
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: options.partitions ?? 6,
          replicationFactor: options.replicationFactor ?? 1,
          configEntries: Object.entries(configs.get(topic) ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      await waitForLeaders(admin, missing, options.leaderTimeoutMs ?? 30_000);
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
