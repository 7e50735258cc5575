import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** A slot outlives its last refresh by this much: how long a crashed replica's connections keep counting. */
export const SLOT_TTL_MS = 90_000;
const REFRESH_MS = 30_000;

/** Drops expired slots, then takes one if fewer than the limit are held: `{ taken (0|1), held }`. */
const ACQUIRE = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
local held = redis.call('zcard', KEYS[1])
if held >= tonumber(ARGV[4]) then return {0, held} end
redis.call('zadd', KEYS[1], ARGV[2], ARGV[3])
redis.call('pexpire', KEYS[1], ARGV[5])
return {1, held + 1}
`;

/**
 * Concurrent Socket.IO connections per user or IP, counted across replicas in Redis: one sorted set per
 * limit key, a member per socket scored by when its slot expires. Disconnecting removes the member;
 * each replica refreshes its sockets' slots every 30 s, so the slots of a replica that crashed expire
 * after 90 s instead of leaking forever. When Redis is unavailable connections are let through
 * (logged): a limit outage must not take the real-time API down.
 */
export class SocketSlots implements OnApplicationShutdown {
  private readonly logger = new Logger(SocketSlots.name);
  /** This replica's slots: socket id → set key. */
  private readonly held = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  /** Takes a slot for the socket unless `limit` are held; `held` counts them (this one included). */
  async acquire(limitKey: string, socketId: string, limit: number): Promise<{ ok: boolean; held: number }> {
    const key = this.keyOf(limitKey);
    if (this.redis.status !== 'ready') return this.unavailable(limitKey);
    try {
      const now = Date.now();
      const [taken, held] = (await this.redis.eval(ACQUIRE, 1, key, now, now + SLOT_TTL_MS, socketId, limit, SLOT_TTL_MS)) as [number, number];
      if (taken === 1) this.held.set(socketId, key);
      return { ok: taken === 1, held };
    } catch (error) {
      this.logger.warn({ msg: 'socket connection limit not checked', limit_key: limitKey, error: error instanceof Error ? error.message : String(error) });
      return { ok: true, held: 0 };
    }
  }

  async release(socketId: string): Promise<void> {
    const key = this.held.get(socketId);
    if (key === undefined) return;
    this.held.delete(socketId);
    await this.redis.zrem(key, socketId).catch(() => undefined); // expires on its own otherwise
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    const slots = [...this.held];
    this.held.clear();
    if (slots.length === 0 || this.redis.status !== 'ready') return;
    const pipeline = this.redis.pipeline();
    for (const [socketId, key] of slots) pipeline.zrem(key, socketId);
    await pipeline.exec().catch(() => undefined);
  }

  private async refresh(): Promise<void> {
    if (this.held.size === 0 || this.redis.status !== 'ready') return;
    const expiresAt = Date.now() + SLOT_TTL_MS;
    const pipeline = this.redis.pipeline();
    for (const [socketId, key] of this.held) pipeline.zadd(key, 'XX', expiresAt, socketId).pexpire(key, SLOT_TTL_MS);
    await pipeline.exec().catch((error: unknown) => {
      this.logger.warn({ msg: 'socket slots not refreshed', sockets: this.held.size, error: error instanceof Error ? error.message : String(error) });
    });
  }

  private keyOf(limitKey: string): string {
    return `${this.keyPrefix}sockets:${limitKey}`;
  }

  private unavailable(limitKey: string): { ok: boolean; held: number } {
    this.logger.warn({ msg: 'socket connection limit not checked: redis not ready', limit_key: limitKey });
    return { ok: true, held: 0 };
  }
}
