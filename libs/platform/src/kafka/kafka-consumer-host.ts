import type { TopicName } from '@pum/contracts';
import type { LoggerService } from '@nestjs/common';
import { KafkaContext, ServerKafka } from '@nestjs/microservices';
import { Partitioners, logLevel, type Kafka } from 'kafkajs';
import type { KafkaSettings } from '../config/base-config';
import { AttemptCounter } from './attempt-counter';
import { ConsumerLag } from './consumer-lag';
import { ConsumerPolicy, type MessageHandler } from './consumer-policy';
import { DeadLetterPublisher } from './dead-letter-publisher';
import type { TopicNamer } from './topic-namer';
import type { Redis } from 'ioredis';
import type { MetricsService } from '../metrics/metrics.service';

/** Nest's Kafka transport, telling the policy first when it closes, so a wait for a dependency does not hold the shutdown. */
class StoppableServerKafka extends ServerKafka {
  constructor(
    private readonly onClose: () => void,
    options: ConstructorParameters<typeof ServerKafka>[0],
  ) {
    super(options);
  }

  override async close(): Promise<void> {
    this.onClose();
    await super.close();
  }
}

/**
 * Owns the Nest Kafka transport (ServerKafka on kafkajs) of a service and wires every handler
 * through the shared ConsumerPolicy. Handlers register by catalogue topic; the physical topic
 * (with prefix) is resolved here, which is why this is not done with `@EventPattern` decorators.
 */
export class KafkaConsumerHost {
  readonly server: ServerKafka;
  private readonly policy: ConsumerPolicy;
  private readonly deadLetters: DeadLetterPublisher;
  private readonly lag?: ConsumerLag;
  private status = 'disconnected';
  private readonly handledListeners: ((topic: TopicName) => Promise<void> | void)[] = [];

  constructor(
    kafka: Kafka,
    private readonly settings: KafkaSettings,
    private readonly topics: TopicNamer,
    redis: Redis,
    redisKeyPrefix: string,
    logger: LoggerService,
    metrics?: MetricsService,
  ) {
    this.server = new StoppableServerKafka(() => this.policy.stop(), {
      client: { clientId: settings.clientId, brokers: settings.brokers, logLevel: logLevel.WARN },
      // maxWaitTimeInMs bounds how long a shutdown waits for the fetch in flight (a fetch returns at once when data arrives).
      consumer: { groupId: settings.groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, maxWaitTimeInMs: 1_000 },
      subscribe: { fromBeginning: true },
      // Nest's transport also opens a producer (for replies we never send); same partitioner as ours.
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      // Offsets are committed by the policy, after the message was handled or dead-lettered.
      run: { autoCommit: false, partitionsConsumedConcurrently: settings.partitionsConcurrency ?? 1 },
      // Raw bytes: the policy parses and validates, and dead-letters the original bytes.
      parser: { keepBinary: true },
      postfixId: '',
    });
    this.server.status.subscribe((status) => (this.status = status));
    this.deadLetters = new DeadLetterPublisher(kafka);
    if (metrics) this.lag = new ConsumerLag(kafka, settings.groupId, metrics, logger);
    this.policy = new ConsumerPolicy({
      groupId: settings.groupId,
      maxAttempts: settings.maxAttempts,
      retryBackoffMs: settings.retryBackoffMs,
      attempts: new AttemptCounter(redis, redisKeyPrefix),
      deadLetters: this.deadLetters,
      logger,
      metrics,
    });
  }

  get hasHandlers(): boolean {
    return this.server.getHandlers().size > 0;
  }

  /** The consumer's last transport status: connected, rebalancing, crashed, stopped, disconnected. */
  get consumerStatus(): string {
    return this.status;
  }

  /**
   * Calls `listener` after each message of any topic is handled (or dead-lettered) and committed — e.g. to invalidate
   * what a read API cached from the data the handler changed. A listener's failure is its own: consumption goes on.
   */
  onHandled(listener: (topic: TopicName) => Promise<void> | void): void {
    this.handledListeners.push(listener);
  }

  /** Routes a catalogue topic to a handler; call before the microservice starts listening. */
  register<T extends TopicName>(topic: T, handler: MessageHandler<T>): void {
    this.lag?.track(this.topics.physical(topic), topic);
    this.server.addHandler(
      this.topics.physical(topic),
      async (_data: unknown, context: KafkaContext) => {
        const message = context.getMessage();
        const consumer = context.getConsumer();
        await this.policy.process(
          topic,
          {
            topic: context.getTopic(),
            partition: context.getPartition(),
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
          },
          handler,
          {
            commit: () =>
              consumer.commitOffsets([
                { topic: context.getTopic(), partition: context.getPartition(), offset: (BigInt(message.offset) + 1n).toString() },
              ]),
            heartbeat: () => context.getHeartbeat()(),
          },
        );
        for (const listener of this.handledListeners) await Promise.resolve(listener(topic)).catch(() => undefined);
      },
      true,
    );
  }

  async close(): Promise<void> {
    await this.deadLetters.disconnect();
    await this.lag?.close();
  }

  get groupId(): string {
    return this.settings.groupId;
  }
}
