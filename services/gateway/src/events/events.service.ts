import { TOPICS, isUpgradeEvent, type MessageOf } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { UpgradesService } from '../upgrades/upgrades.service';
import { eventView, type EventView } from './event.views';
import { EventsRepository, type EventFilter, type ProtocolEventStats } from './events.repository';

/**
 * Keeps the read model of every protocol event, the one entry of `protocol.events.v1`: a message
 * that is the event's current statement (not a stale duplicate) goes on to the upgrades read model
 * when it is of an upgrade kind, and is then pushed once to the `events` and `upgrades` channels.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly repository: EventsRepository,
    private readonly upgrades: UpgradesService,
    private readonly realtime: RealtimeGateway,
  ) {}

  async apply(message: MessageOf<'protocol.events.v1'>): Promise<void> {
    const event = message.payload;
    const current = await this.repository.apply({
      eventId: event.eventId,
      chainId: event.chainId,
      contract: event.contract,
      protocolId: event.protocolId,
      kind: event.kind,
      standard: event.standard,
      status: event.status,
      blockNumber: event.blockNumber,
      blockHash: event.blockHash,
      occurredAt: new Date(message.occurredAt),
      payload: event,
      producedAt: new Date(message.producedAt),
      messageId: message.id,
    });
    if (!current) return; // superseded: an older statement than the one stored
    if (isUpgradeEvent(event)) await this.upgrades.applyProtocolEvent(message);
    this.realtime.push(TOPICS.protocolEvents, message);
  }

  async list(filter: Omit<EventFilter, 'before' | 'limit'>, limit: number, cursor?: string): Promise<Page<EventView>> {
    const rows = await this.repository.findMany({ ...filter, limit: limit + 1, before: cursor ? decodeCursor(cursor) : undefined });
    return toPage(rows, limit, (row) => ({ at: row.occurredAt, key: row.eventId }), eventView);
  }

  async get(eventId: string): Promise<EventView> {
    const row = await this.repository.find(eventId);
    if (!row) throw new NotFoundException(`no protocol event with id ${eventId}`);
    return eventView(row);
  }

  /** Events not retracted and the latest block time, per protocol (all, or the given ones). */
  async statsByProtocol(protocolIds?: string[]): Promise<Map<string, ProtocolEventStats>> {
    return new Map((await this.repository.statsByProtocol(protocolIds)).map((stats) => [stats.protocolId, stats]));
  }
}
