import { BadRequestException } from '@nestjs/common';

/** Position of the last item served in a list ordered by (a time, then a unique key), newest first. */
export interface PagePosition {
  at: Date;
  key: string;
}

/**
 * Opaque page cursor of every list endpoint: base64url of `[at, key]`.
 *
 * @example decodeCursor(encodeCursor({ at: new Date(0), key: 'a' })) // { at: 1970-01-01T00:00:00.000Z, key: 'a' }
 */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.key])).toString('base64url');
}

/** Decodes a cursor this API returned; 400 for anything else. */
export function decodeCursor(cursor: string): PagePosition {
  try {
    const [at, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    const time = new Date(String(at));
    if (typeof key !== 'string' || Number.isNaN(time.getTime())) throw new Error('bad cursor');
    return { at: time, key };
  } catch {
    throw new BadRequestException('cursor is not one this API returned');
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Turns `limit + 1` rows into a page: the extra row only says whether a next page exists.
 *
 * @example toPage(rows, 50, (row) => ({ at: row.occurredAt, key: row.id }), upgradeView)
 */
export function toPage<Row, Item>(rows: Row[], limit: number, positionOf: (row: Row) => PagePosition, view: (row: Row) => Item): Page<Item> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
