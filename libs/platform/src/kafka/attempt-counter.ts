import type { Redis } from 'ioredis';

/**
 * Counts delivery attempts per message in Redis, so the retry cap survives restarts and
 * rebalances (an in-memory count would reset and retry a poison message forever).
 */
export class AttemptCounter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  /** Records one more failed attempt and returns the total so far. */
  async increment(id: MessageCoordinates): Promise<number> {
    const key = this.key(id);
    const [[incrError, count], [expireError]] = (await this.redis.multi().incr(key).expire(key, this.ttlSeconds).exec()) ?? [
      [new Error('redis transaction aborted'), null],
      [null, null],
    ];
    if (incrError) throw incrError;
    if (expireError) throw expireError;
    return Number(count);
  }

  async clear(id: MessageCoordinates): Promise<void> {
    await this.redis.del(this.key(id));
  }

  private key({ groupId, topic, partition, offset }: MessageCoordinates): string {
    return `${this.keyPrefix}attempts:${groupId}:${topic}:${partition}:${offset}`;
  }
}

export interface MessageCoordinates {
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
}
