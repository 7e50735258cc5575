import { proposalState } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Page } from '../http/page-cursor';
import { ZodPipe } from '../http/zod-query.pipe';
import { GovernanceService } from './governance.service';
import type { ProposalSummaryView, ProposalView } from './governance.views';

export const listQuery = z
  .object({
    protocolId: z.string().min(1).max(200).optional(),
    source: z.enum(['snapshot', 'governor', 'tally']).optional(),
    state: proposalState.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

const proposalKey = z.string().max(512).regex(/^(snapshot|governor|tally):[^:]+:.+$/, 'expected a proposal key source:space:id');

/** REST read API of governance proposals (documented in openapi.yaml). */
@Controller('api/v1/proposals')
export class GovernanceController {
  constructor(private readonly governance: GovernanceService) {}

  @Get()
  list(@Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<Page<ProposalSummaryView>> {
    const { limit, cursor, state, ...filter } = query;
    return this.governance.list({ ...filter, states: state && [state] }, limit, cursor);
  }

  @Get(':proposalKey')
  get(@Param('proposalKey', new ZodPipe(proposalKey)) key: string): Promise<ProposalView> {
    return this.governance.get(key);
  }
}
