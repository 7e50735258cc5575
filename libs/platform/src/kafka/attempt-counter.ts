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
    const results = await this.redis.multi().incr(key).expire(key, this.ttlSeconds).exec();
    const [incr, expire] = results ?? [];
    if (!incr || !expire) throw new Error('redis transaction aborted');
    if (incr[0]) throw incr[0];
    if (expire[0]) throw expire[0];
    return Number(incr[1]);
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
