import { z } from 'zod';
import { isoTimestamp } from './primitives';

/** Version of the envelope layout itself (not of the payload; payload versions live in topic names). */
export const ENVELOPE_VERSION = 1;

/**
 * Builds the schema of the envelope every message travels in.
 *
 * @example
 * const schema = envelopeSchema('protocol.event', protocolEventPayload);
 * schema.parse({ version: 1, type: 'protocol.event', id, occurredAt, producedAt, source, payload });
 */
export function envelopeSchema<TType extends string, TPayload extends z.ZodType>(type: TType, payload: TPayload) {
  return z.object({
    version: z.literal(ENVELOPE_VERSION),
    type: z.literal(type),
    /** Deterministic: the same fact always gets the same id, so consumers can upsert. */
    id: z.string().min(1).max(512),
    /** When the fact happened (block time for chain data). */
    occurredAt: isoTimestamp,
    /** When this message was produced. */
    producedAt: isoTimestamp,
    /** Producing service and instance, e.g. `ingest-chain`. */
    source: z.string().min(1),
    payload,
  });
}
