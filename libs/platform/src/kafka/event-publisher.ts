import { catalogue, envelopeHeads, type PayloadOf, type TopicName } from '@pum/contracts';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { ContractViolationError } from './errors';
import type { TopicNamer } from './topic-namer';
import type { MetricsService } from '../metrics/metrics.service';

/** One message to publish: what only its producer knows. The publisher fills in the rest of the envelope. */
export interface OutboundMessage<T extends TopicName> {
  /** Partition key: the entity, so one entity's messages stay ordered. */
  key: string;
  /** Deterministic: the same fact always gets the same id, so consumers can upsert. */
  id: string;
  /** When the fact happened (ISO timestamp; block time for chain data). */
  occurredAt: string;
  /** When the message was produced; now unless the producer restates a time of its own (a fetch time). */
  producedAt?: string;
  payload: PayloadOf<T>;
}

/** Largest request this publisher sends: well under Kafka's default 1 MiB batch limit (message.max.bytes). */
const MAX_CHUNK_BYTES = 512 * 1024;
const MAX_CHUNK_MESSAGES = 500;

/**
 * Builds each message's envelope — `type` and `version` from the catalogue, `source` this service,
 * `producedAt` now — validates it against the catalogue and sends it with an idempotent, acks=all
 * producer. A message that does not match its schema is never sent (ContractViolationError), nor is
 * anything else of its batch. Large batches go out in order, in chunks the broker accepts (one
 * entity's messages share a key, hence a partition, and a block can hold tens of thousands of logs).
 *
 * @example
 * const publisher = new EventPublisher(kafka, namer, 'risk-engine');
 * await publisher.publish(TOPICS.riskAssessments, [{ key, id, occurredAt, payload }]);
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  /** `source`: the producing service, as every envelope names it. */
  constructor(
    kafka: Kafka,
    private readonly topics: TopicNamer,
    private readonly source: string,
    private readonly metrics?: MetricsService,
  ) {
    // The murmur2 partitioner (kafkajs' default since v2, Java-client compatible): keys land where other clients put them.
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  }

  async connect(): Promise<void> {
    this.connected ??= this.producer.connect();
    await this.connected;
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }

  /** Sends one batch to one topic; resolves once the broker acknowledged every message. */
  async publish<T extends TopicName>(topic: T, messages: readonly OutboundMessage<T>[]): Promise<void> {
    if (messages.length === 0) return;
    const schema = catalogue[topic];
    const { type, version } = envelopeHeads[topic];
    const now = new Date().toISOString();
    const values = messages.map(({ key, id, occurredAt, producedAt = now, payload }) => {
      const result = schema.safeParse({ version, type, id, occurredAt, producedAt, source: this.source, payload });
      if (!result.success) {
        throw new ContractViolationError(
          topic,
          result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        );
      }
      return {
        key,
        value: JSON.stringify(result.data),
        headers: { 'x-message-id': result.data.id, 'x-message-type': result.data.type },
      };
    });
    await this.connect();
    for (const chunk of chunks(values)) {
      await this.producer.send({ topic: this.topics.physical(topic), acks: -1, messages: chunk });
      this.metrics?.published.inc({ topic }, chunk.length);
    }
  }
}

/** Splits messages, in order, into chunks of at most MAX_CHUNK_MESSAGES and about MAX_CHUNK_BYTES. */
function chunks<T extends { key: string; value: string }>(messages: T[]): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = message.key.length + message.value.length + 100;
    if (current.length > 0 && (current.length >= MAX_CHUNK_MESSAGES || bytes + size > MAX_CHUNK_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
