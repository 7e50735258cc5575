import { eventStatus } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../http/zod-query.pipe';
import { UpgradesService, type UpgradePage } from './upgrades.service';
import type { RiskView, UpgradeView } from './upgrade.views';

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
  constructor(private readonly upgrades: UpgradesService) {}

  @Get()
  list(@Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<UpgradePage> {
    const { limit, cursor, status, ...filter } = query;
    return this.upgrades.list({ ...filter, statuses: status && [status] }, limit, cursor);
  }

  @Get(':id')
  get(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<UpgradeView> {
    return this.upgrades.get(id.toLowerCase());
  }

  @Get(':id/risk')
  risk(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<RiskView> {
    return this.upgrades.getRisk(id.toLowerCase());
  }
}
