import { TOPICS } from '@pum/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { listParam } from '../http/list-param';
import type { Page } from '../http/page-cursor';
import { Cached } from '../http/response-cache';
import { ZodPipe } from '../http/zod-query.pipe';
import { DashboardService, HIGH_RISK_LEVELS, type DashboardSummary } from './dashboard.service';
import type { ActiveUpgradeView, HighRiskView } from './dashboard.views';

export const activeQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const highRiskQuery = z
  .object({
    protocolId: z.string().min(1).max(200).optional(),
    level: listParam(z.enum(HIGH_RISK_LEVELS), HIGH_RISK_LEVELS.length).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const summaryQuery = z
  .object({
    /** Upcoming ETAs and high-risk assessments listed. */
    limit: z.coerce.number().int().min(1).max(50).default(5),
  })
  .strict();

/**
 * The monitor specification's summary reads (documented in openapi.yaml). Registered before UpgradesController,
 * whose `/upgrades/{eventId}` would otherwise take `/upgrades/active`.
 */
@Controller('api/v1')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('upgrades/active')
  @Cached(TOPICS.upgradesLifecycle, TOPICS.riskAssessments)
  active(@Query(new ZodPipe(activeQuery)) query: z.infer<typeof activeQuery>): Promise<Page<ActiveUpgradeView>> {
    return this.dashboard.active(query.limit, query.cursor);
  }

  @Get('alerts/high-risk')
  highRisk(@Query(new ZodPipe(highRiskQuery)) query: z.infer<typeof highRiskQuery>): Promise<Page<HighRiskView>> {
    const { limit, cursor, level, protocolId } = query;
    return this.dashboard.highRisk({ protocolId, levels: level }, limit, cursor);
  }

  @Get('dashboard/summary')
  @Cached(TOPICS.upgradesLifecycle, TOPICS.riskAssessments, TOPICS.protocolEvents, TOPICS.networkStatus)
  summary(@Query(new ZodPipe(summaryQuery)) query: z.infer<typeof summaryQuery>): Promise<DashboardSummary> {
    return this.dashboard.summary(query.limit);
  }
}
