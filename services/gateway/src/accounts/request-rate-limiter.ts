import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { TIERS, type Tier, type TierTable } from './tiers';

/** What a request used of its minute: the figures of the `RateLimit-*` headers. */
export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (also the `Retry-After` of a refusal). */
  resetSeconds: number;
}

const WINDOW_SECONDS = 60;

/**
 * Requests a minute per tier, counted in Redis so every replica shares one count per user or IP
 * (rate-limiter-flexible's fixed window: one atomic INCR + TTL per request). When Redis is down or not
 * ready, requests are not failed: each limiter falls back at once (`rejectIfRedisNotReady`) to its
 * in-memory insurance limiter with the same limit, so a replica then enforces the limit on its own
 * traffic only until Redis is back.
 */
export class RequestRateLimiter {
  private readonly limiters: Record<Tier, RateLimiterRedis>;

  constructor(redis: Redis, keyPrefix: string, private readonly tiers: TierTable) {
    this.limiters = Object.fromEntries(
      TIERS.map((tier) => {
        const points = tiers[tier].requestsPerMinute;
        const limiter = new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${keyPrefix}ratelimit:${tier}`,
          points,
          duration: WINDOW_SECONDS,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: `ratelimit:${tier}`, points, duration: WINDOW_SECONDS }),
        });
        return [tier, limiter];
      }),
    ) as Record<Tier, RateLimiterRedis>;
  }

  /** Counts one request of `key` (e.g. `user:<id>`, `ip:<ip>`) against its tier's limit. */
  async consume(tier: Tier, key: string): Promise<RateLimitState> {
    const limit = this.tiers[tier].requestsPerMinute;
    try {
      return stateOf(await this.limiters[tier].consume(key), limit, true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return stateOf(rejection, limit, false);
      throw rejection;
    }
  }
}

function stateOf(res: RateLimiterRes, limit: number, allowed: boolean): RateLimitState {
  return { allowed, limit, remaining: Math.max(0, res.remainingPoints), resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}
