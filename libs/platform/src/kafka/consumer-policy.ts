import { catalogue, type MessageOf, type TopicName } from '@pum/contracts';
import type { LoggerService } from '@nestjs/common';
import type { IHeaders } from 'kafkajs';
import type { AttemptCounter } from './attempt-counter';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import { ConsumerStoppingError, PermanentMessageError } from './errors';
import { isDependencyOutage } from '../database/dependency-outage';
import type { MetricsService } from '../metrics/metrics.service';

/** A message as delivered by the broker, value still raw. */
export interface DeliveredMessage {
  /** Physical topic name (with any prefix). */
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: IHeaders;
}

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

export type MessageHandler<T extends TopicName> = (message: MessageOf<T>, meta: MessageMeta) => Promise<void>;

export interface DeliveryControl {
  /** Commits offset + 1 of this message. */
  commit(): Promise<void>;
  /** Keeps the group membership alive during long retries. */
  heartbeat(): Promise<void>;
}

export interface ConsumerPolicyOptions {
  groupId: string;
  maxAttempts: number;
  retryBackoffMs: number;
  attempts: AttemptCounter;
  deadLetters: DeadLetterPublisher;
  logger: LoggerService;
  metrics?: MetricsService;
}

const MAX_BACKOFF_MS = 30_000;
/** A dependency outage is retried at least this often, so consumption resumes within seconds of its return. */
const MAX_OUTAGE_BACKOFF_MS = 5_000;

/**
 * The consumer error policy, the same for every service:
 * 1. a message that is not JSON or fails its topic's schema goes to `<topic>.dlq` at once;
 * 2. a handler failure is retried with exponential backoff, counting attempts in Redis;
 *    after `maxAttempts` (or at once for PermanentMessageError) the message goes to the DLQ;
 * 3. the offset is committed only after the message was handled or dead-lettered.
 * If Redis, the DLQ or the commit itself fails, the error propagates and the message is
 * redelivered: nothing is lost; handlers are idempotent, so nothing is duplicated.
 * A handler failing because a dependency is unreachable (`isDependencyOutage`: Postgres down, a connection refused)
 * says nothing about the message: it is retried until the dependency is back, without counting an attempt, and
 * never dead-lettered, so consumption pauses on it with its offset uncommitted. A shutdown ends the wait with the
 * offset still uncommitted: the message is redelivered to the next consumer.
 */
export class ConsumerPolicy {
  private stopping = false;

  constructor(private readonly options: ConsumerPolicyOptions) {}

  /** Ends every wait for a dependency (the consumer is shutting down); their messages stay uncommitted. */
  stop(): void {
    this.stopping = true;
  }

  async process<T extends TopicName>(
    topic: T,
    delivered: DeliveredMessage,
    handler: MessageHandler<T>,
    control: DeliveryControl,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    const parsed = this.decode(topic, delivered);
    if (!parsed.ok) {
      await this.deadLetter(topic, delivered, parsed.error, 'invalid', 1);
      await control.commit();
      return;
    }
    const meta: MessageMeta = {
      topic: delivered.topic,
      partition: delivered.partition,
      offset: delivered.offset,
      key: delivered.key === null ? null : delivered.key.toString(),
    };
    const coordinates = { groupId: this.options.groupId, ...meta };
    let failed = false;
    let outageSince: number | undefined;
    let outageRetries = 0;
    for (;;) {
      try {
        await handler(parsed.message, meta);
        this.options.metrics?.consumed.inc({ topic, outcome: 'handled' });
        observeLatency(this.options.metrics, topic, parsed.message.producedAt);
        if (outageSince !== undefined) this.options.logger.log({ msg: 'dependency back; message handled', topic: delivered.topic, offset: delivered.offset, message_id: parsed.message.id, waited_ms: Date.now() - outageSince });
        break;
      } catch (error) {
        if (!(error instanceof PermanentMessageError) && isDependencyOutage(error)) {
          if (this.stopping) throw new ConsumerStoppingError(delivered.topic, delivered.offset, { cause: error });
          if (outageSince === undefined) {
            outageSince = Date.now();
            this.options.logger.warn({ msg: 'dependency unavailable; consumption waits for it', topic: delivered.topic, partition: delivered.partition, offset: delivered.offset, message_id: parsed.message.id, error: describe(error) });
          }
          this.options.metrics?.consumed.inc({ topic, outcome: 'dependency_unavailable' });
          await control.heartbeat().catch(() => undefined);
          outageRetries += 1;
          await sleep(Math.min(MAX_OUTAGE_BACKOFF_MS, this.options.retryBackoffMs * 2 ** Math.min(16, outageRetries - 1)));
          continue;
        }
        failed = true;
        const attempts = await this.options.attempts.increment(coordinates);
        const reason = describe(error);
        if (error instanceof PermanentMessageError || attempts >= this.options.maxAttempts) {
          await this.deadLetter(topic, delivered, reason, 'failed', attempts);
          break;
        }
        this.options.logger.warn({
          msg: 'message handler failed; retrying',
          topic: delivered.topic,
          partition: delivered.partition,
          offset: delivered.offset,
          message_id: parsed.message.id,
          attempts,
          error: reason,
        });
        this.options.metrics?.consumed.inc({ topic, outcome: 'retried' });
        await control.heartbeat();
        await sleep(Math.min(MAX_BACKOFF_MS, this.options.retryBackoffMs * 2 ** (attempts - 1)));
      }
    }
    await control.commit();
    // Only a message that failed has a count to clear: the happy path makes no Redis round trip, so a consumer
    // goes on while Redis is away. A count left behind expires with its TTL.
    if (failed) {
      await this.options.attempts.clear(coordinates).catch((error: unknown) => {
        this.options.logger.warn({ msg: 'attempt count not cleared; it expires by itself', topic: delivered.topic, offset: delivered.offset, error: describe(error) });
      });
    }
    this.options.metrics?.handleSeconds.observe({ topic }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private decode<T extends TopicName>(
    topic: T,
    delivered: DeliveredMessage,
  ): { ok: true; message: MessageOf<T> } | { ok: false; error: string } {
    if (delivered.value === null) return { ok: false, error: 'empty message value (tombstone)' };
    let json: unknown;
    try {
      json = JSON.parse(delivered.value.toString());
    } catch (error) {
      return { ok: false, error: `not JSON: ${describe(error)}` };
    }
    const result = catalogue[topic].safeParse(json);
    if (!result.success) {
      const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      return { ok: false, error: `schema ${topic}: ${issues.join('; ')}` };
    }
    return { ok: true, message: result.data as MessageOf<T> };
  }

  private async deadLetter(
    topic: TopicName,
    delivered: DeliveredMessage,
    error: string,
    errorKind: 'invalid' | 'failed',
    attempts: number,
  ): Promise<void> {
    await this.options.deadLetters.send({ ...delivered, groupId: this.options.groupId, error, errorKind, attempts });
    this.options.metrics?.consumed.inc({ topic, outcome: 'dead_lettered' });
    this.options.logger.error({
      msg: 'message dead-lettered',
      topic: delivered.topic,
      partition: delivered.partition,
      offset: delivered.offset,
      error_kind: errorKind,
      attempts,
      error,
    });
  }
}

/** The message's age at handling, from its envelope's producedAt (a producer's clock ahead of ours counts as 0). */
function observeLatency(metrics: MetricsService | undefined, topic: TopicName, producedAt: string): void {
  const produced = Date.parse(producedAt);
  if (!metrics || Number.isNaN(produced)) return;
  metrics.latencySeconds.observe({ topic }, Math.max(0, Date.now() - produced) / 1000);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
