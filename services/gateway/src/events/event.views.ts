import { isUpgradeEvent } from '@pum/contracts';
import type { ProtocolEventEntity } from './protocol-event.entity';

/**
 * REST shape of a protocol event (see openapi.yaml `ProtocolEvent`): the event as published — common
 * fields and the kind's own — at its current status, with its block time and, for the upgrade kinds,
 * the link to the upgrade and its risk.
 */
export function eventView(row: ProtocolEventEntity) {
  return {
    ...row.payload,
    status: row.status,
    occurredAt: row.occurredAt.toISOString(),
    updatedAt: row.producedAt.toISOString(),
    messageId: row.messageId,
    upgradeUrl: isUpgradeEvent(row.payload) ? `/api/v1/upgrades/${row.eventId}` : null,
  };
}

export type EventView = ReturnType<typeof eventView>;
