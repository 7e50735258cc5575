import { eventStatus } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { RiskHistoryService } from '../assessments/risk-history.service';
import type { ControlEventRiskView } from '../assessments/subject-assessments.service';
import type { Page } from '../http/page-cursor';
import { instantParam, listParam } from '../http/list-param';
import { ZodPipe } from '../http/zod-query.pipe';
import { PROTOCOL_EVENT_KINDS, protocolEventKind, protocolEventStandard } from './event-catalogue';
import type { EventView } from './event.views';
import { EventsService } from './events.service';

export const listQuery = z
  .object({
    protocolId: z.string().min(1).max(200).optional(),
    chainId: z.coerce.number().int().positive().optional(),
    contract: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte hex address')
      .transform((value) => value.toLowerCase())
      .optional(),
    kind: listParam(protocolEventKind, PROTOCOL_EVENT_KINDS.length).optional(),
    standard: protocolEventStandard.optional(),
    status: listParam(eventStatus, eventStatus.options.length).optional(),
    since: instantParam.optional(),
    until: instantParam.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict()
  .refine((query) => query.since === undefined || query.until === undefined || query.since < query.until, {
    message: 'since must be before until',
    path: ['since'],
  });

const eventId = z.string().regex(/^\d+:0x[0-9a-fA-F]{64}:\d+$/, 'expected an event id chainId:txHash:logIndex');

/** REST read API of every protocol event (documented in openapi.yaml). */
@Controller('api/v1/events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly risks: RiskHistoryService,
  ) {}

  @Get()
  list(@Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<Page<EventView>> {
    const { limit, cursor, kind, status, ...filter } = query;
    return this.events.list({ ...filter, kinds: kind, statuses: status }, limit, cursor);
  }

  @Get(':eventId')
  get(@Param('eventId', new ZodPipe(eventId)) id: string): Promise<EventView> {
    return this.events.get(id.toLowerCase());
  }

  /** Every version of the risk engine's assessment of a control-plane event (admin, owner, roles, pause, Safe, timelock). */
  @Get(':eventId/risk')
  risk(@Param('eventId', new ZodPipe(eventId)) id: string): Promise<ControlEventRiskView> {
    return this.risks.ofControlEvent(id.toLowerCase());
  }
}
