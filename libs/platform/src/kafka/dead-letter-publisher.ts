import { DLQ_HEADERS, deadLetterTopic } from '@pum/contracts';
import { Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: IHeaders;
  groupId: string;
  error: string;
  errorKind: 'invalid' | 'failed';
  attempts: number;
}

/**
 * Sends a message, byte for byte, to `<topic>.dlq` with headers naming its origin and the failure.
 * Deliberately does not validate: dead letters are the messages that failed validation.
 */
export class DeadLetterPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    // The murmur2 partitioner (kafkajs' default since v2, Java-client compatible): keys land where other clients put them.
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  }

  async send(letter: DeadLetter): Promise<void> {
    this.connected ??= this.producer.connect();
    await this.connected;
    await this.producer.send({
      topic: deadLetterTopic(letter.topic),
      acks: -1,
      messages: [
        {
          key: letter.key,
          value: letter.value,
          headers: {
            ...letter.headers,
            [DLQ_HEADERS.originalTopic]: letter.topic,
            [DLQ_HEADERS.originalPartition]: String(letter.partition),
            [DLQ_HEADERS.originalOffset]: letter.offset,
            [DLQ_HEADERS.consumerGroup]: letter.groupId,
            // Headers are not the place for megabytes of stack: keep the reason readable.
            [DLQ_HEADERS.error]: letter.error.slice(0, 2000),
            [DLQ_HEADERS.errorKind]: letter.errorKind,
            [DLQ_HEADERS.attempts]: String(letter.attempts),
            [DLQ_HEADERS.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
