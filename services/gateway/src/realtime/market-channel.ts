import { MARKET_CHANNELS, type MarketChannel, type MarketUpdate } from '@pum/contracts';
import { z } from 'zod';

/**
 * Filters of the market channels as rooms, as the `events` channel does (events-channel.ts): an update goes to the
 * 8 rooms of its (protocolId, subject id, chainId) with each value or the wildcard `*` in its place, and a
 * subscription joins one room per combination of its filter values per channel.
 */
const PREFIX = 'market:';
const ANY = '*';
export const MAX_MARKET_FILTER_ROOMS = 256;

function room(channel: MarketChannel, protocolId: string, subject: string, chainId: number | typeof ANY): string {
  return `${PREFIX}${channel}:${JSON.stringify([protocolId, subject, chainId])}`;
}

export function isMarketChannel(channel: string): channel is MarketChannel {
  return (MARKET_CHANNELS as readonly string[]).includes(channel);
}

export function isMarketRoom(name: string, channel?: MarketChannel): boolean {
  return name.startsWith(channel ? `${PREFIX}${channel}:` : PREFIX);
}

/**
 * The rooms an update goes to (an update of no protocol or chain: only rooms open on it).
 *
 * @example roomsOfUpdate({ channel: 'prices', protocolId: 'aave', id: 'aave', chainId: null }).length // 4
 */
export function roomsOfUpdate(update: Pick<MarketUpdate, 'channel' | 'protocolId' | 'id' | 'chainId'>): string[] {
  const protocolIds = update.protocolId === null ? [ANY] : [update.protocolId, ANY];
  const chainIds: (number | typeof ANY)[] = update.chainId === null ? [ANY] : [update.chainId, ANY];
  return protocolIds.flatMap((protocolId) => [update.id, ANY].flatMap((subject) => chainIds.map((chainId) => room(update.channel, protocolId, subject, chainId))));
}

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(64)]).transform((value) => [...new Set([value].flat())] as z.output<T>[]);

/** `{ protocolId?, subject?, chainId? }`, each one value or a list; an update must match every field given. */
export const marketFilter = z
  .object({
    protocolId: oneOrMany(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a registry protocol id (lower-case slug)')),
    subject: oneOrMany(z.string().min(1).max(300)),
    chainId: oneOrMany(z.number().int().positive()),
  })
  .partial()
  .strict()
  .refine((filter) => (filter.protocolId?.length ?? 1) * (filter.subject?.length ?? 1) * (filter.chainId?.length ?? 1) <= MAX_MARKET_FILTER_ROOMS, {
    message: `at most ${MAX_MARKET_FILTER_ROOMS} combinations of protocolId × subject × chainId per subscription`,
  });
export type MarketFilter = z.output<typeof marketFilter>;

/**
 * The rooms a subscription to market channels joins.
 *
 * @example roomsOfMarketFilter(['prices', 'tvl'], { protocolId: 'aave' }).length // 2
 */
export function roomsOfMarketFilter(channels: readonly MarketChannel[], filter: MarketFilter): string[] {
  const protocolIds = filter.protocolId ?? [ANY];
  const subjects = filter.subject ?? [ANY];
  const chainIds: (number | typeof ANY)[] = filter.chainId ?? [ANY];
  return channels.flatMap((channel) => protocolIds.flatMap((protocolId) => subjects.flatMap((subject) => chainIds.map((chainId) => room(channel, protocolId, subject, chainId)))));
}
