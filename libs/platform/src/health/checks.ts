import type { Kafka, Admin } from 'kafkajs';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { HealthCheck } from './health-check';
import type { KafkaConsumerHost } from '../kafka/kafka-consumer-host';

/** Kafka answers metadata requests, and this service's consumer (if any) has not crashed. */
export class KafkaHealthCheck implements HealthCheck {
  readonly name = 'kafka';
  private admin?: Promise<Admin>;

  constructor(
    private readonly kafka: Kafka,
    private readonly consumer?: KafkaConsumerHost,
  ) {}

  async check(): Promise<void> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    const admin = await this.admin;
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('no brokers in cluster metadata');
    if (this.consumer?.hasHandlers && ['crashed', 'stopped'].includes(this.consumer.consumerStatus)) {
      throw new Error(`consumer ${this.consumer.consumerStatus}`);
    }
  }

  async close(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect();
  }
}

export class RedisHealthCheck implements HealthCheck {
  readonly name = 'redis';
  constructor(
    private readonly redis: Redis,
    readonly critical = true,
  ) {}

  async check(): Promise<void> {
    const answer = await this.redis.ping();
    if (answer !== 'PONG') throw new Error(`unexpected PING answer: ${answer}`);
  }
}

export class PostgresHealthCheck implements HealthCheck {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    if (!this.dataSource.isInitialized) throw new Error('not connected');
    await this.dataSource.query('SELECT 1');
  }
}
