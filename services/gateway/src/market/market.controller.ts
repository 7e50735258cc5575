import { MARKET_CHANNEL_METRICS, marketMetric, marketSource, marketSubject, TOPICS, type MarketChannel, type MarketUpdate } from '@pum/contracts';
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { instantParam, listParam } from '../http/list-param';
import type { Page } from '../http/page-cursor';
import { Cached } from '../http/response-cache';
import { ZodPipe } from '../http/zod-query.pipe';
import { MAX_BUCKETS, MarketService } from './market.service';
import type { ProtocolMetrics } from './market.views';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a registry protocol id (lower-case slug)').max(200);

export const realtimeQuery = z
  .object({
    protocolId: listParam(slug, 50).optional(),
    subject: listParam(z.string().min(1).max(300), 50).optional(),
    subjectType: marketSubject.shape.type.optional(),
    chainId: listParam(z.coerce.number().int().positive(), 50).optional(),
    source: listParam(marketSource, 5).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

/** Bucket widths of `/protocols/{id}/metrics`, by name. */
export const INTERVALS = { '1m': 60, '5m': 300, '15m': 900, '1h': 3_600, '4h': 14_400, '1d': 86_400, '1w': 604_800 } as const;
type IntervalName = keyof typeof INTERVALS;
const DEFAULT_SPAN_MS = 7 * 86_400_000;
/** With no `interval`, the narrowest width that gives at most this many buckets. */
const AUTO_BUCKETS = 500;

export const metricsQuery = z
  .object({
    metric: listParam(marketMetric, 3).optional(),
    from: instantParam.optional(),
    to: instantParam.optional(),
    interval: z.enum(Object.keys(INTERVALS) as [IntervalName, ...IntervalName[]]).optional(),
  })
  .strict();

const channelParam = z.enum(Object.keys(MARKET_CHANNEL_METRICS) as [MarketChannel, ...MarketChannel[]], { error: 'expected prices, tvl or volumes' });

/** REST of the market read model: latest values (`/realtime/*`) and a protocol's series (documented in openapi.yaml). */
@Controller('api/v1')
export class MarketController {
  constructor(private readonly market: MarketService) {}

  @Get('realtime/:channel')
  @Cached(TOPICS.marketTicks)
  realtime(@Param('channel', new ZodPipe(channelParam)) channel: MarketChannel, @Query(new ZodPipe(realtimeQuery)) query: z.infer<typeof realtimeQuery>): Promise<Page<MarketUpdate>> {
    const { limit, cursor, ...filter } = query;
    return this.market.latest({ ...filter, metric: MARKET_CHANNEL_METRICS[channel] }, limit, cursor);
  }

  @Get('protocols/:protocolId/metrics')
  metrics(@Param('protocolId', new ZodPipe(slug)) protocolId: string, @Query(new ZodPipe(metricsQuery)) query: z.infer<typeof metricsQuery>): Promise<ProtocolMetrics> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_SPAN_MS);
    if (from.getTime() >= to.getTime()) throw new BadRequestException(`from (${from.toISOString()}) must be before to (${to.toISOString()})`);
    const span = (to.getTime() - from.getTime()) / 1000;
    const name = query.interval ?? autoInterval(span);
    const seconds = INTERVALS[name];
    if (span / seconds > MAX_BUCKETS) {
      throw new BadRequestException(`interval ${name} gives ${Math.ceil(span / seconds)} buckets from ${from.toISOString()} to ${to.toISOString()}; at most ${MAX_BUCKETS}: widen the interval or narrow the range`);
    }
    return this.market.metrics(protocolId, query.metric ?? [...marketMetric.options], from, to, { label: name, seconds });
  }
}

function autoInterval(spanSeconds: number): IntervalName {
  const names = Object.keys(INTERVALS) as IntervalName[];
  return names.find((name) => spanSeconds / INTERVALS[name] <= AUTO_BUCKETS) ?? '1w';
}
