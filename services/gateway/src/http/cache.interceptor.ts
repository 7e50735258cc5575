import type { TopicName } from '@pum/contracts';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, of, switchMap, type Observable } from 'rxjs';
import { CACHED_TOPICS, ResponseCache } from './response-cache';

/**
 * Answers `@Cached` GET routes from the response cache, and fills it on a miss. Runs after the guards, so a request
 * that may not see a route never reads its cached answer; headers the guards set (rate limits) stay per request.
 * `X-Cache` says `hit`, `miss` or `bypass`. Concurrent misses of one key in this replica run the handler once and share
 * its answer (a cold key under load would otherwise run the same query once per waiting request).
 */
@Injectable()
export class CacheInterceptor implements NestInterceptor {
  /** Handlers running for a missed key, by cache key. */
  private readonly inFlight = new Map<string, Promise<{ status: number; body: unknown }>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly cache: ResponseCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const topics = this.reflector.get<TopicName[] | undefined>(CACHED_TOPICS, context.getHandler());
    const request = context.switchToHttp().getRequest<Request>();
    if (!topics || request.method !== 'GET') return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    return from(this.cache.lookup(route, request.originalUrl, topics)).pipe(
      switchMap((entry) => {
        response.setHeader('X-Cache', entry === null ? 'bypass' : entry.body === null ? 'miss' : 'hit');
        if (entry && entry.body !== null) return of(JSON.parse(entry.body) as unknown);
        if (!entry) return next.handle();
        const running = this.inFlight.get(entry.key);
        if (running) return from(running.then(({ status, body }) => (response.status(status), body)));
        const answer = lastValueFrom(next.handle()).then((body: unknown) => {
          if (response.statusCode === 200) void this.cache.store(entry.key, JSON.stringify(body));
          return { status: response.statusCode, body };
        });
        this.inFlight.set(entry.key, answer);
        void answer.finally(() => this.inFlight.delete(entry.key)).catch(() => undefined);
        return from(answer.then(({ body }) => body));
      }),
    );
  }
}
