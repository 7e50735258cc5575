import { marketSubject } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Page } from '../http/page-cursor';
import { ZodPipe } from '../http/zod-query.pipe';
import { ForecastsService } from './forecasts.service';
import type { ForecastView } from './forecast.views';

export const listQuery = z
  .object({
    kind: z.enum(['volatility', 'liquidity']).optional(),
    protocolId: z.string().min(1).max(200).optional(),
    subjectType: marketSubject.shape.type.optional(),
    subject: z.string().min(1).max(300).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

const forecastId = z.string().max(1000).regex(/^(volatility|liquidity):(series|event_window):.+$/, 'expected a forecast id kind:scope:…');

/** REST read API of forecasts (documented in openapi.yaml). */
@Controller('api/v1/forecasts')
export class ForecastsController {
  constructor(private readonly forecasts: ForecastsService) {}

  @Get()
  list(@Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<Page<ForecastView>> {
    const { limit, cursor, ...filter } = query;
    return this.forecasts.list(filter, limit, cursor);
  }

  @Get(':forecastId')
  get(@Param('forecastId', new ZodPipe(forecastId)) id: string): Promise<ForecastView> {
    return this.forecasts.get(id);
  }
}
