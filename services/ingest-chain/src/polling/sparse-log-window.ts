import type { Hex } from 'viem';

/**
 * The logs of a sparse filter (the registry's addresses) over final blocks, fetched `factor` backfill
 * ranges at a time: an address filter returns few logs, so one request can cover many of the
 * upgrade filter's ranges, and a backfill makes a tenth of the requests for it. A provider that
 * refuses the wider range (`isTooLarge`) halves the factor, down to one range per request, before the
 * error reaches the caller (whose range then shrinks). Final blocks do not change, so the window stays
 * valid until reset (a rewind to the start block).
 */
export class SparseLogWindow<L extends { blockNumber: Hex }> {
  private window?: { from: bigint; to: bigint; logs: Promise<L[]> };

  constructor(
    private readonly fetch: (from: bigint, to: bigint) => Promise<L[]>,
    private factor: number,
    private readonly isTooLarge: (error: unknown) => boolean,
  ) {}

  /** The logs of blocks `from`–`to`; a new window of `span × factor` blocks (up to `limit`) when needed. */
  async logsIn(from: bigint, to: bigint, span: bigint, limit: bigint): Promise<L[]> {
    if (!this.window || from < this.window.from || to > this.window.to) {
      const wide = from + span * BigInt(this.factor) - 1n;
      const end = wide < limit ? wide : limit;
      const logs = this.fetch(from, end > to ? end : to);
      logs.catch(() => undefined); // awaited below; a window replaced before use must not reject unhandled
      this.window = { from, to: end > to ? end : to, logs };
    }
    const window = this.window;
    try {
      const logs = await window.logs;
      return logs.filter((log) => BigInt(log.blockNumber) >= from && BigInt(log.blockNumber) <= to);
    } catch (error) {
      if (this.window === window) this.window = undefined; // fetch it again (smaller, if the range shrank)
      if (!this.isTooLarge(error) || this.factor === 1) throw error;
      this.factor = Math.max(1, Math.floor(this.factor / 2));
      return this.logsIn(from, to, span, limit);
    }
  }

  reset(): void {
    this.window = undefined;
  }
}
