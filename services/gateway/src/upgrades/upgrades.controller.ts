import { eventStatus, TOPICS } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { RiskHistoryService } from '../assessments/risk-history.service';
import type { UpgradeRiskView } from '../assessments/risk-history.views';
import { GuidanceService } from '../guidance/guidance.service';
import type { GuidanceView } from '../guidance/guidance.views';
import { Cached } from '../http/response-cache';
import { ZodPipe } from '../http/zod-query.pipe';
import { UpgradesService, type UpgradePage } from './upgrades.service';
import type { UpgradeView } from './upgrade.views';

export const listQuery = z
  .object({
    chainId: z.coerce.number().int().positive().optional(),
    contract: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte hex address')
      .transform((value) => value.toLowerCase())
      .optional(),
    protocolId: z.string().min(1).max(200).optional(),
    status: eventStatus.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

const upgradeId = z.string().regex(/^\d+:0x[0-9a-fA-F]{64}:\d+$/, 'expected an upgrade id chainId:txHash:logIndex');

/** REST read API of upgrades (documented in openapi.yaml). */
@Controller('api/v1/upgrades')
export class UpgradesController {
  constructor(
    private readonly upgrades: UpgradesService,
    private readonly risks: RiskHistoryService,
    private readonly guidance: GuidanceService,
  ) {}

  @Get()
  @Cached(TOPICS.protocolEvents, TOPICS.riskAssessments)
  list(@Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<UpgradePage> {
    const { limit, cursor, status, ...filter } = query;
    return this.upgrades.list({ ...filter, statuses: status && [status] }, limit, cursor);
  }

  @Get(':id')
  get(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<UpgradeView> {
    return this.upgrades.get(id.toLowerCase());
  }

  /** The latest per-event assessment, with every assessment of the event and of the lifecycle it executed. */
  @Get(':id/risk')
  risk(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<UpgradeRiskView> {
    return this.risks.ofUpgrade(id.toLowerCase());
  }

  /** Execution guidance of the lifecycle this upgrade executed. */
  @Get(':id/guidance')
  guidanceOf(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<GuidanceView> {
    return this.guidance.ofExecution(id.toLowerCase());
  }
}
