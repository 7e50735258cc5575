import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../http/zod-query.pipe';
import { RiskAnalyticsService } from './risk-analytics.service';
import type { ProtocolRiskView } from './risk-analytics.views';

export const riskQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(365).default(30),
  })
  .strict();

const protocolId = z.string().max(200).regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a registry protocol id (lower-case slug)');

/** REST analytics over the read models (documented in openapi.yaml). */
@Controller('api/v1/analytics')
export class RiskAnalyticsController {
  constructor(private readonly analytics: RiskAnalyticsService) {}

  /** The protocol's current risk: the latest assessment of each subject and their distribution. */
  @Get('risk/:protocolId')
  risk(@Param('protocolId', new ZodPipe(protocolId)) id: string, @Query(new ZodPipe(riskQuery)) query: z.infer<typeof riskQuery>): Promise<ProtocolRiskView> {
    return this.analytics.ofProtocol(id, query);
  }
}
