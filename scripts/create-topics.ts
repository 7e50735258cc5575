/**
 * Creates every catalogue topic and its `.dlq` (idempotent; the status topic compacted, see TOPIC_CONFIGS). Run by `scripts/infra.sh up`.
 * Env: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX, KAFKA_TOPIC_PARTITIONS (default 6),
 * KAFKA_REPLICATION_FACTOR (default 1).
 */
import { JsonLogger, TopicNamer, baseConfigShape, createKafka, ensureTopics, loadConfig, runMain } from '@pum/platform';
import { z } from 'zod';

const schema = z.object({
  KAFKA_BROKERS: baseConfigShape.KAFKA_BROKERS,
  KAFKA_TOPIC_PREFIX: baseConfigShape.KAFKA_TOPIC_PREFIX,
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).default(6),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
});

runMain('create-topics', async () => {
  const config = loadConfig(schema, process.env);
  const logger = new JsonLogger('create-topics', 'warn', (line) => process.stderr.write(line));
  const kafka = createKafka({ clientId: 'create-topics', brokers: config.KAFKA_BROKERS }, logger);
  const created = await ensureTopics(kafka, new TopicNamer(config.KAFKA_TOPIC_PREFIX), {
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  });
  process.stderr.write(created.length > 0 ? `created topics: ${created.join(', ')}\n` : 'topics: all present\n');
});
