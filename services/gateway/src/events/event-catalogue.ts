import { ADMIN_PLANE_KINDS, protocolEventPayload, type EventStatus, type ProtocolEvent, type ProtocolEventKind } from '@pum/contracts';
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

/** The admin plane (libs/contracts), re-exported beside the other kind lists of the read model. */
export { ADMIN_PLANE_KINDS };

/** Statuses of an event whose block stands (not retracted). */
export const LIVE_STATUSES = ['pending', 'confirmed'] as const satisfies readonly EventStatus[];

export const protocolEventKind = z.enum(PROTOCOL_EVENT_KINDS);
export const protocolEventStandard = z.enum(PROTOCOL_EVENT_STANDARDS);
