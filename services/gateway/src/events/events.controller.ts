import { eventStatus } from '@pum/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { RiskHistoryService } from '../assessments/risk-history.service';
import type { ControlEventRiskView } from '../assessments/subject-assessments.service';
import type { Page } from '../http/page-cursor';
import { NetworkStatusService, type NetworkRef } from '../networks/network-status.service';
import { instantParam, listParam } from '../http/list-param';
import { ZodPipe } from '../http/zod-query.pipe';
import { PROTOCOL_EVENT_KINDS, protocolEventKind, protocolEventStandard } from './event-catalogue';
import type { EventView } from './event.views';
import { EventsService } from './events.service';

const listFields = z
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
  .strict();

/** The list's one rule across fields. */
const sinceBeforeUntil = (query: { since?: Date; until?: Date }) => query.since === undefined || query.until === undefined || query.since < query.until;
const sinceBeforeUntilIssue = { message: 'since must be before until', path: ['since'] };

export const listQuery = listFields.refine(sinceBeforeUntil, sinceBeforeUntilIssue);

const eventId = z.string().regex(/^\d+:0x[0-9a-fA-F]{64}:\d+$/, 'expected an event id chainId:txHash:logIndex');

/** The query of a network's events: the events list's, its chain given by the path. */
export const networkListQuery = listFields.omit({ chainId: true }).refine(sinceBeforeUntil, sinceBeforeUntilIssue);

/**
 * `/events/{eventId}` is one event, or a network's events when the segment is a network name or a bare chain
 * id (digits only): `/events/1`, `/events/ethereum`. An event id always has colons, so the two never collide.
 */
const eventOrNetwork = z.union([
  eventId.transform((id) => ({ eventId: id.toLowerCase() })),
  z.string().regex(/^[0-9]+$/).transform((digits): NetworkRef => ({ chainId: Number(digits) })),
  z.string().regex(/^[a-z][a-z0-9-]*$/).transform((name): NetworkRef => ({ name })),
], { error: 'expected an event id chainId:txHash:logIndex, a network name or a chain id' });

/** REST read API of every protocol event (documented in openapi.yaml). */
@Controller('api/v1/events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly risks: RiskHistoryService,
    private readonly networks: NetworkStatusService,
  ) {}

  @Get()
  list(@Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<Page<EventView>> {
    const { limit, cursor, kind, status, ...filter } = query;
    return this.events.list({ ...filter, kinds: kind, statuses: status }, limit, cursor);
  }

  /**
   * One event by id; or, for a network name or chain id, that network's events filtered like the list (404 for an
   * unknown network). The query is validated either way, so a bad one is a 400 whatever the path names.
   */
  @Get(':eventId')
  async get(
    @Param('eventId', new ZodPipe(eventOrNetwork)) ref: z.infer<typeof eventOrNetwork>,
    @Query(new ZodPipe(networkListQuery)) query: z.infer<typeof networkListQuery>,
  ): Promise<EventView | Page<EventView>> {
    if ('eventId' in ref) return this.events.get(ref.eventId);
    const { chainId } = await this.networks.resolve(ref);
    const { limit, cursor, kind, status, ...filter } = query;
    return this.events.list({ ...filter, chainId, kinds: kind, statuses: status }, limit, cursor);
  }

  /** Every version of the risk engine's assessment of a control-plane event (admin, owner, roles, pause, Safe, timelock). */
  @Get(':eventId/risk')
  risk(@Param('eventId', new ZodPipe(eventId)) id: string): Promise<ControlEventRiskView> {
    return this.risks.ofControlEvent(id.toLowerCase());
  }
}
