import { z } from 'zod';

/**
 * A query parameter given repeated (`?kind=a&kind=b`), as a comma list (`?kind=a,b`) or both: the
 * distinct items, each validated by `item`. Hand-written: the query parsers split neither way alone.
 *
 * @example listParam(z.enum(['paused', 'unpaused']), 2).parse(['paused,unpaused', 'paused']) // ['paused', 'unpaused']
 */
export function listParam<T extends z.ZodType>(item: T, max: number) {
  return z.preprocess(
    (value) =>
      typeof value === 'string' || Array.isArray(value)
        ? [...new Set([value].flat().flatMap((part) => String(part).split(',').map((entry) => entry.trim())))].filter((entry) => entry !== '')
        : value,
    z.array(item).min(1).max(max),
  );
}

/**
 * A point in time in a query: an ISO 8601 date-time with offset, or a date (midnight UTC).
 *
 * @example instantParam.parse('2026-01-01') // 2026-01-01T00:00:00.000Z
 */
export const instantParam = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'expected an ISO 8601 date-time (with offset) or date' })
  .transform((value) => new Date(value));
