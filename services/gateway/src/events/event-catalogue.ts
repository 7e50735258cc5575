import { protocolEventPayload, type EventStatus, type ProtocolEvent, type ProtocolEventKind } from '@pum/contracts';
import { z } from 'zod';

/** The values a `kind` or `standard` member of an event schema admits (a literal, an enum, a defaulted literal). */
function valuesOf(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodDefault) return valuesOf(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodLiteral) return [...schema.values].map(String);
  if (schema instanceof z.ZodEnum) return schema.options.map(String);
  throw new Error(`not a literal or enum schema: ${schema.constructor.name}`);
}

/** Every protocol event kind, read from the contract's union so a new kind is filterable without a change here. */
export const PROTOCOL_EVENT_KINDS = protocolEventPayload.options.flatMap((option) => valuesOf(option.shape.kind)) as [
  ProtocolEventKind,
  ...ProtocolEventKind[],
];

/** Every standard an event belongs to (`eip1967`, `access_control`, `safe`, …), from the same union. */
export const PROTOCOL_EVENT_STANDARDS = [...new Set(protocolEventPayload.options.flatMap((option) => valuesOf(option.shape.standard)))] as [
  ProtocolEvent['standard'],
  ...ProtocolEvent['standard'][],
];

/**
 * The admin plane: who holds roles and ownership, whether the protocol is paused, who signs its Safe
 * (owners, threshold, modules, guard) and how long its timelocks wait — what a risk team checks first
 * besides the upgrades themselves (which have their own read model).
 */
export const ADMIN_PLANE_KINDS = [
  'ownership_transferred',
  'role_granted',
  'role_revoked',
  'role_admin_changed',
  'paused',
  'unpaused',
  'safe_owner_added',
  'safe_owner_removed',
  'safe_threshold_changed',
  'safe_module_enabled',
  'safe_module_disabled',
  'safe_guard_changed',
  'timelock_min_delay_changed',
  'timelock_delay_changed',
] as const satisfies readonly ProtocolEventKind[];

/** Statuses of an event whose block stands (not retracted). */
export const LIVE_STATUSES = ['pending', 'confirmed'] as const satisfies readonly EventStatus[];

export const protocolEventKind = z.enum(PROTOCOL_EVENT_KINDS);
export const protocolEventStandard = z.enum(PROTOCOL_EVENT_STANDARDS);
