import type { ProtocolEvent } from '@pum/contracts';
import { z } from 'zod';
import { protocolEventKind } from '../events/event-catalogue';

/**
 * Filters of the `events` channel as rooms, so the Socket.IO adapter (Redis across replicas) does the
 * matching: an event goes to the 8 rooms of its (protocolId, chainId, kind) with each value or the
 * wildcard `*` in its place, and a subscription joins one room per combination of its filter values
 * (the wildcard where it sets none). A socket in several matching rooms receives an event once.
 */
const PREFIX = 'events:';
const ANY = '*';
/** Rooms one subscription may join (the product of its filter's value counts). */
export const MAX_FILTER_ROOMS = 256;

/** JSON keeps the parts apart whatever a protocol id contains; `*` is neither a slug, a number nor a kind. */
function room(protocolId: string, chainId: number | typeof ANY, kind: string): string {
  return `${PREFIX}${JSON.stringify([protocolId, chainId, kind])}`;
}

export function isEventsRoom(name: string): boolean {
  return name.startsWith(PREFIX);
}

/**
 * The rooms an event goes to (an event of no protocol: only rooms open on protocolId).
 *
 * @example roomsOfEvent({ protocolId: 'aave', chainId: 1, kind: 'paused' }).length // 8
 */
export function roomsOfEvent(event: Pick<ProtocolEvent, 'protocolId' | 'chainId' | 'kind'>): string[] {
  const protocolIds = event.protocolId === null ? [ANY] : [event.protocolId, ANY];
  return protocolIds.flatMap((protocolId) =>
    [event.chainId, ANY].flatMap((chainId) => [event.kind, ANY].map((kind) => room(protocolId, chainId as number | typeof ANY, kind))),
  );
}

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(64)]).transform((value) => [...new Set([value].flat())] as z.output<T>[]);

/** `{ protocolId?, chainId?, kind? }`, each one value or a list; an event must match every field given. */
export const eventsFilter = z
  .object({
    protocolId: oneOrMany(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a registry protocol id (lower-case slug)')),
    chainId: oneOrMany(z.number().int().positive()),
    kind: oneOrMany(protocolEventKind),
  })
  .partial()
  .strict()
  .refine((filter) => (filter.protocolId?.length ?? 1) * (filter.chainId?.length ?? 1) * (filter.kind?.length ?? 1) <= MAX_FILTER_ROOMS, {
    message: `at most ${MAX_FILTER_ROOMS} combinations of protocolId × chainId × kind per subscription`,
  });
export type EventsFilter = z.output<typeof eventsFilter>;

/**
 * The rooms a subscription joins.
 *
 * @example roomsOfFilter({ kind: ['paused', 'unpaused'] }).length // 2
 */
export function roomsOfFilter(filter: EventsFilter): string[] {
  const protocolIds = filter.protocolId ?? [ANY];
  const chainIds: (number | typeof ANY)[] = filter.chainId ?? [ANY];
  const kinds: string[] = filter.kind ?? [ANY];
  return protocolIds.flatMap((protocolId) => chainIds.flatMap((chainId) => kinds.map((kind) => room(protocolId, chainId, kind))));
}
