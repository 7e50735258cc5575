import type { TopicName } from '@pum/contracts';
import { JsonLogger, KafkaConsumerHost, MetricsService } from '@pum/platform';
import { Inject, Injectable, SetMetadata, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';

/** DI token of the cache's settings. */
export const RESPONSE_CACHE_SETTINGS = Symbol('RESPONSE_CACHE_SETTINGS');

export interface ResponseCacheSettings {
  enabled: boolean;
  redisUrl: string;
  keyPrefix: string;
  ttlSeconds: number;
}

/** Metadata key of `@Cached`. */
export const CACHED_TOPICS = 'pum:cached-topics';

/**
 * Marks a GET route as cached in Redis, read-through, until a message of one of `topics` is handled (or the TTL
 * passes). Only 200 answers are kept; the key is the full URL.
 *
 * @example @Cached(TOPICS.protocolEvents, TOPICS.riskAssessments) @Get() list() { … }
 */
export const Cached = (...topics: TopicName[]) => SetMetadata(CACHED_TOPICS, topics);

type Outcome = 'hit' | 'miss' | 'bypass';

/**
 * Redis read-through cache of the hot REST answers, shared by every gateway replica.
 *
 * Invalidation by version: each topic has a counter in Redis, bumped after any of its messages is handled (on
 * whichever replica consumed it), and a cached answer's key carries the counters of the topics it depends on — a
 * bump makes the old entries unreachable, the TTL clears them. While Redis is away nothing is cached or read (the
 * routes answer from Postgres: `bypass`), and when it comes back a global epoch is bumped, since bumps missed while
 * it was away would otherwise leave stale entries reachable.
 *
 * Its own Redis connection fails fast (no offline queue, a short command timeout), so a Redis outage costs a request
 * nothing but the failed round trip.
 */
@Injectable()
export class ResponseCache implements OnModuleInit, OnApplicationShutdown {
  private readonly redis: Redis | null;
  private readonly requests: Counter<'route' | 'outcome'>;
  private readonly counts: Record<Outcome, number> = { hit: 0, miss: 0, bypass: 0 };
  private wasDown = false;

  constructor(
    @Inject(RESPONSE_CACHE_SETTINGS) private readonly settings: ResponseCacheSettings,
    private readonly host: KafkaConsumerHost,
    private readonly logger: JsonLogger,
    metrics: MetricsService,
  ) {
    this.redis = settings.enabled
      ? new Redis(settings.redisUrl, {
          connectionName: 'gateway-cache',
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          commandTimeout: 250,
          retryStrategy: (times) => Math.min(times * 250, 2_000),
        })
      : null;
    this.redis?.on('error', () => {
      this.wasDown = true;
    });
    this.redis?.on('ready', () => void this.afterOutage());
    this.requests = new Counter({
      name: 'pum_gateway_cache_requests_total',
      help: 'Cached REST routes answered, by route and outcome (hit, miss, bypass: cache off or Redis away).',
      labelNames: ['route', 'outcome'],
      registers: [metrics.registry],
    });
    const counts = this.counts;
    new Gauge({
      name: 'pum_gateway_cache_hit_ratio',
      help: 'Hits over hits and misses of the cached REST routes since start (bypasses left out).',
      registers: [metrics.registry],
      collect() {
        const looked = counts.hit + counts.miss;
        this.set(looked === 0 ? 0 : counts.hit / looked);
      },
    });
  }

  onModuleInit(): void {
    if (this.redis) this.host.onHandled((topic) => this.invalidate(topic));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /** The cached body of a URL under the current versions of its topics; null on a miss or with Redis away. */
  async lookup(route: string, url: string, topics: readonly TopicName[]): Promise<{ key: string; body: string | null } | null> {
    if (!this.redis || this.redis.status !== 'ready') return this.count(route, 'bypass', null);
    try {
      const versions = await this.redis.mget(this.epochKey, ...topics.map((topic) => this.versionKey(topic)));
      const key = `${this.settings.keyPrefix}cache:r:${createHash('sha1').update(JSON.stringify([versions, url])).digest('base64url')}`;
      const body = await this.redis.get(key);
      return this.count(route, body === null ? 'miss' : 'hit', { key, body });
    } catch {
      return this.count(route, 'bypass', null);
    }
  }

  /** Keeps an answer for the TTL; a failure only means the next request misses too. */
  async store(key: string, body: string): Promise<void> {
    await this.redis?.set(key, body, 'EX', this.settings.ttlSeconds).catch(() => undefined);
  }

  async invalidate(topic: TopicName): Promise<void> {
    await this.redis?.incr(this.versionKey(topic)).catch(() => undefined);
  }

  private async afterOutage(): Promise<void> {
    if (!this.wasDown || !this.redis) return;
    this.wasDown = false;
    await this.redis.incr(this.epochKey).catch(() => (this.wasDown = true));
    this.logger.log({ msg: 'response cache back: every entry from before the outage dropped' });
  }

  private count<T>(route: string, outcome: Outcome, result: T): T {
    this.counts[outcome] += 1;
    this.requests.inc({ route, outcome });
    return result;
  }

  private versionKey(topic: TopicName): string {
    return `${this.settings.keyPrefix}cache:v:${topic}`;
  }

  private get epochKey(): string {
    return `${this.settings.keyPrefix}cache:epoch`;
  }
}
