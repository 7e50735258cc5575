import { TOPICS } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Cached } from '../http/response-cache';
import { ZodPipe } from '../http/zod-query.pipe';
import { ProtocolsService } from './protocols.service';
import type { ProtocolListItemView, ProtocolSummaryView } from './protocol.views';

/** The list takes no parameters: an unknown one is a 400, not silently ignored. */
export const listQuery = z.object({}).strict();

export const summaryQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(365).default(30),
    limit: z.coerce.number().int().min(1).max(100).default(10),
  })
  .strict();

const protocolId = z.string().max(200).regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a registry protocol id (lower-case slug)');

/** REST read API of the registry's protocols (documented in openapi.yaml). */
@Controller('api/v1/protocols')
export class ProtocolsController {
  constructor(private readonly protocols: ProtocolsService) {}

  @Get()
  list(@Query(new ZodPipe(listQuery)) _query: z.infer<typeof listQuery>): Promise<{ items: ProtocolListItemView[] }> {
    return this.protocols.list();
  }

  @Get(':protocolId')
  @Cached(TOPICS.protocolEvents, TOPICS.riskAssessments, TOPICS.upgradesLifecycle, TOPICS.governanceProposals, TOPICS.sentiment, TOPICS.forecastVolatility, TOPICS.forecastLiquidity, TOPICS.guidance)
  summary(@Param('protocolId', new ZodPipe(protocolId)) id: string, @Query(new ZodPipe(summaryQuery)) query: z.infer<typeof summaryQuery>): Promise<ProtocolSummaryView> {
    return this.protocols.summary(id, query);
  }
}
