import type { MarketRaw, MarketTick } from '@pum/contracts';

/** A tick before it has its id (the publisher derives it: `marketTickId`). */
export type TickDraft = Omit<MarketTick, 'tickId' | 'currency'>;

/** What one request (or one block range) produced: the answer as the source gave it, and the ticks read from it. */
export interface SourceBatch {
  /** `data` is the validated extract, published instead of `body` when the whole answer is too large. */
  raw: (Omit<MarketRaw, 'source'> & { data?: unknown }) | null;
  ticks: TickDraft[];
  /** Runs once the batch is published (e.g. moving a block cursor); not run when publishing failed. */
  afterPublish?: () => Promise<void>;
}

/**
 * One market data source. `watched` names what it follows (`asset:aave`, `protocol:aave`,
 * `pool:1:0x…`); the first time a name appears the poller runs `backfill` for it (history), and
 * only once that completed does `poll` bring it up to date each round (history first: a series
 * only moves forward). Batches are published in the order they are yielded. In `poll`, a request
 * that fails or answers malformed yields nothing and the source goes on with the next one; in
 * `backfill` it throws BackfillIncompleteError, so the subject is tried again next round.
 */
export interface MarketSource {
  /** Name in logs, metrics and the backfill ledger (ticks carry their own `source`). */
  readonly name: string;
  readonly pollIntervalMs: number;
  watched(): Promise<string[]>;
  backfill(key: string): AsyncIterable<SourceBatch>;
  /** Polls the given watched subjects (those whose backfill is done). */
  poll(keys: ReadonlySet<string>): AsyncIterable<SourceBatch>;
}

export const MARKET_SOURCES = Symbol('MARKET_SOURCES');

/** A backfill could not fetch all of its history (the request's failure was logged): not marked done, retried next round. */
export class BackfillIncompleteError extends Error {
  constructor(key: string, request: string) {
    super(`backfill of ${key} incomplete: no usable answer to ${request}`);
    this.name = 'BackfillIncompleteError';
  }
}
