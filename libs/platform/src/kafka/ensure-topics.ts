import { topicNames, type TopicName } from '@pum/contracts';
import type { Kafka } from 'kafkajs';
import type { TopicNamer } from './topic-namer';

export interface EnsureTopicsOptions {
  partitions?: number;
  replicationFactor?: number;
  topics?: readonly TopicName[];
}

/**
 * Creates every catalogue topic and its `.dlq` if missing (idempotent); returns the names created.
 *
 * @example await ensureTopics(kafka, new TopicNamer(''), { partitions: 6 })
 */
export async function ensureTopics(kafka: Kafka, namer: TopicNamer, options: EnsureTopicsOptions = {}): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = (options.topics ?? topicNames).flatMap((topic) => [namer.physical(topic), namer.deadLetter(topic)]);
    const missing = wanted.filter((name) => !existing.has(name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: options.partitions ?? 6,
          replicationFactor: options.replicationFactor ?? 1,
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
