import type { Sentiment } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { ForecastsService } from '../forecasts/forecasts.service';
import type { ForecastView } from '../forecasts/forecast.views';
import { GovernanceService } from '../governance/governance.service';
import { ZodPipe } from '../http/zod-query.pipe';
import { RiskAnalyticsService } from './risk-analytics.service';
import type { ProtocolRiskView } from './risk-analytics.views';

export const protocolAnalyticsQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(365).default(30),
  })
  .strict();

const protocolId = z.string().max(200).regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a registry protocol id (lower-case slug)');

/** A protocol's analytics in one answer (the on-chain services specification's `/protocols/{id}/analytics`). */
export interface ProtocolAnalyticsView {
  protocolId: string;
  /** As `/api/v1/analytics/risk/{protocolId}`. */
  risk: ProtocolRiskView;
  /** The latest volatility and liquidity forecast of each of the protocol's series (event windows left out). */
  volatility: ForecastView[];
  liquidity: ForecastView[];
  /** The protocol's latest sentiment; null until scored. */
  sentiment: Sentiment | null;
}

/** Risk, volatility, liquidity and sentiment of one protocol (documented in openapi.yaml). */
@Controller('api/v1/protocols')
export class ProtocolAnalyticsController {
  constructor(
    private readonly risk: RiskAnalyticsService,
    private readonly forecasts: ForecastsService,
    private readonly governance: GovernanceService,
  ) {}

  @Get(':protocolId/analytics')
  async analytics(@Param('protocolId', new ZodPipe(protocolId)) id: string, @Query(new ZodPipe(protocolAnalyticsQuery)) query: z.infer<typeof protocolAnalyticsQuery>): Promise<ProtocolAnalyticsView> {
    // The risk view answers 404 for a protocol not in the registry; the others only read.
    const risk = await this.risk.ofProtocol(id, query);
    const [volatility, liquidity, sentiment] = await Promise.all([
      this.forecasts.list({ protocolId: id, kind: 'volatility' }, 100),
      this.forecasts.list({ protocolId: id, kind: 'liquidity' }, 100),
      this.governance.protocolSentiment(id),
    ]);
    return { protocolId: id, risk, volatility: volatility.items, liquidity: liquidity.items, sentiment };
  }
}
