import { REDIS } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** DI token: the prefix of this service's Redis keys. */
export const REDIS_KEY_PREFIX = Symbol('REDIS_KEY_PREFIX');

/**
 * Upgrades seen per proxy, in Redis sorted sets scored by block time (seconds). Members are event
 * ids, so recording the same event twice changes nothing.
 */
@Injectable()
export class UpgradeHistoryRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_KEY_PREFIX) private readonly keyPrefix: string,
  ) {}

  async record(chainId: number, contract: string, eventId: string, atSeconds: number): Promise<void> {
    await this.redis.zadd(this.key(chainId, contract), atSeconds, eventId);
  }

  async forget(chainId: number, contract: string, eventId: string): Promise<void> {
    await this.redis.zrem(this.key(chainId, contract), eventId);
  }

  /** Other upgrades of the proxy with block time in [atSeconds − windowSeconds, atSeconds]. */
  async countBefore(chainId: number, contract: string, eventId: string, atSeconds: number, windowSeconds: number): Promise<number> {
    const members = await this.redis.zrangebyscore(this.key(chainId, contract), atSeconds - windowSeconds, atSeconds);
    return members.filter((member) => member !== eventId).length;
  }

  private key(chainId: number, contract: string): string {
    return `${this.keyPrefix}risk:upgrades:${chainId}:${contract}`;
  }
}
