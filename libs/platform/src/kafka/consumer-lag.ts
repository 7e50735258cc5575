import type { TopicName } from '@pum/contracts';
import type { LoggerService } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { Gauge } from 'prom-client';
import type { MetricsService } from '../metrics/metrics.service';

/** A scrape never waits longer than this on the broker; the last values stay meanwhile. */
const LAG_TIMEOUT_MS = 2_000;

/**
 * `pum_consumer_lag_messages{group, topic}`: per consumer group and catalogue topic, the messages not yet committed
 * — the sum over partitions of the log end offset minus the group's committed offset (the log start when it has
 * committed none). Read from the broker at scrape time, so it is right however the consumer is doing.
 */
export class ConsumerLag {
  private readonly topics = new Map<string, TopicName>();
  private admin?: Promise<Admin>;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    metrics: MetricsService,
    private readonly logger: LoggerService,
  ) {
    const lag = this.measure.bind(this);
    new Gauge({
      name: 'pum_consumer_lag_messages',
      help: 'Messages of a topic not yet committed by the consumer group (log end minus committed offset, summed over partitions).',
      labelNames: ['group', 'topic'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const [topic, value] of await lag()) this.set({ group: groupId, topic }, value);
      },
    });
  }

  /** Measures `topic` (its physical name `physical`) from the next scrape on. */
  track(physical: string, topic: TopicName): void {
    this.topics.set(physical, topic);
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private async measure(): Promise<Array<[TopicName, number]>> {
    if (this.topics.size === 0) return [];
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${LAG_TIMEOUT_MS} ms`)), LAG_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.debug?.({ msg: 'consumer lag not measured', group: this.groupId, error: error instanceof Error ? error.message : String(error) });
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  private async read(): Promise<Array<[TopicName, number]>> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    const admin = await this.admin.catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    const physical = [...this.topics.keys()];
    const committed = await admin.fetchOffsets({ groupId: this.groupId, topics: physical });
    return Promise.all(
      committed.map(async ({ topic, partitions }): Promise<[TopicName, number]> => {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, { high: BigInt(p.high), low: BigInt(p.low) }]));
        let lag = 0n;
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition);
          if (!end) continue;
          const from = BigInt(offset) >= 0n ? BigInt(offset) : end.low;
          if (end.high > from) lag += end.high - from;
        }
        return [this.topics.get(topic)!, Number(lag)];
      }),
    );
  }
}
