import { upgradeAuthority, upgradeStage } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Page } from '../http/page-cursor';
import { ZodPipe } from '../http/zod-query.pipe';
import { SubjectAssessmentsService, type LifecycleRiskView } from '../assessments/subject-assessments.service';
import { ForecastsService } from '../forecasts/forecasts.service';
import { GuidanceService } from '../guidance/guidance.service';
import type { GuidanceView } from '../guidance/guidance.views';
import type { ForecastView } from '../forecasts/forecast.views';
import { LifecycleService } from './lifecycle.service';
import type { LifecycleDetailView, LifecycleView } from './lifecycle.views';

export const listQuery = z
  .object({
    chainId: z.coerce.number().int().positive().optional(),
    protocolId: z.string().min(1).max(200).optional(),
    stage: upgradeStage.optional(),
    authority: upgradeAuthority.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

/** `chainId:target:subject#origin` (see docs/governance.md); `#` travels percent-encoded as `%23`. */
const upgradeId = z.string().max(512).regex(/^\d+:0x[0-9a-fA-F]{40}:.+$/, 'expected an upgrade lifecycle id chainId:target:subject#origin');

/** REST read API of upgrade lifecycles (documented in openapi.yaml). */
@Controller('api/v1/lifecycle')
export class LifecycleController {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly forecasts: ForecastsService,
    private readonly assessments: SubjectAssessmentsService,
    private readonly guidance: GuidanceService,
  ) {}

  @Get()
  list(@Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<Page<LifecycleView>> {
    const { limit, cursor, stage, ...filter } = query;
    return this.lifecycle.list({ ...filter, stages: stage && [stage] }, limit, cursor);
  }

  @Get(':upgradeId')
  get(@Param('upgradeId', new ZodPipe(upgradeId)) id: string): Promise<LifecycleDetailView> {
    return this.lifecycle.get(id);
  }

  /** The risk engine's assessment of the upgrade, before it executes and at every later stage: the latest and every version. */
  @Get(':upgradeId/risk')
  risk(@Param('upgradeId', new ZodPipe(upgradeId)) id: string): Promise<LifecycleRiskView> {
    return this.assessments.ofLifecycle(id);
  }

  /** Execution guidance around the upgrade's ETA, one per assessment version: the latest in full and every one. */
  @Get(':upgradeId/guidance')
  guidanceOf(@Param('upgradeId', new ZodPipe(upgradeId)) id: string): Promise<GuidanceView> {
    return this.guidance.ofLifecycle(id);
  }

  /** Event-window forecasts around the upgrade: published under its lifecycle id or its execution's event id. */
  @Get(':upgradeId/forecasts')
  async forecastsOf(@Param('upgradeId', new ZodPipe(upgradeId)) id: string): Promise<{ items: ForecastView[] }> {
    const lifecycle = await this.lifecycle.find(id);
    const ids = lifecycle.executionEventId === null ? [id] : [id, lifecycle.executionEventId];
    return { items: await this.forecasts.ofUpgrade(ids) };
  }
}
