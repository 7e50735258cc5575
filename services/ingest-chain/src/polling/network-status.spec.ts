import { networkStatusOf, shouldPublishStatus, type RoundOutcome } from './network-status';

const network = { chainId: 1, name: 'ethereum', confirmations: 12, finalityDepth: 128 };
const settings = { intervalMs: 10_000, laggingBlocks: 50 };
const at = new Date('2026-01-01T00:00:00.000Z');
const round = (change: Partial<RoundOutcome>): RoundOutcome => ({ head: 1_000n, ingested: 1_000n, error: undefined, backfill: null, at, ...change });

describe('networkStatusOf', () => {
  it('is ok when the tip is at the head, with the network and the blocks as decimal strings', () => {
    expect(networkStatusOf(network, round({}), settings)).toEqual({
      chainId: 1,
      network: 'ethereum',
      status: 'ok',
      headBlock: '1000',
      ingestedBlock: '1000',
      lagBlocks: 0,
      confirmations: 12,
      finalityDepth: 128,
      polledAt: '2026-01-01T00:00:00.000Z',
      intervalMs: 10_000,
      lastError: null,
      backfill: null,
    });
  });

  it('is ok up to the lagging threshold and lagging beyond it', () => {
    expect(networkStatusOf(network, round({ ingested: 950n }), settings)).toMatchObject({ status: 'ok', lagBlocks: 50 });
    expect(networkStatusOf(network, round({ ingested: 949n }), settings)).toMatchObject({ status: 'lagging', lagBlocks: 51 });
  });

  it('is failing when the round failed, whatever the lag, keeping the last known blocks and the error', () => {
    expect(networkStatusOf(network, round({ ingested: 10n, error: 'fetch failed' }), settings)).toMatchObject({
      status: 'failing',
      headBlock: '1000',
      ingestedBlock: '10',
      lagBlocks: 990,
      lastError: 'fetch failed',
    });
  });

  it('reports no head, no tip and no lag before the RPC ever answered', () => {
    expect(networkStatusOf(network, round({ head: undefined, ingested: undefined, error: 'ECONNREFUSED' }), settings)).toMatchObject({
      status: 'failing',
      headBlock: null,
      ingestedBlock: null,
      lagBlocks: 0,
    });
  });

  it('counts no lag when the tip is past the head (an RPC behind the others)', () => {
    expect(networkStatusOf(network, round({ head: 990n }), settings)).toMatchObject({ status: 'ok', lagBlocks: 0 });
  });

  it('carries the backfill progress', () => {
    const backfill = { blocksPerSecond: 2_000, etaSeconds: 30, targetBlock: '900' };
    expect(networkStatusOf(network, round({ ingested: 100n, backfill }), settings)).toMatchObject({ status: 'lagging', backfill });
  });
});

describe('shouldPublishStatus', () => {
  it('publishes the first status', () => {
    expect(shouldPublishStatus(undefined, 'ok', 0, 10_000)).toBe(true);
  });

  it('publishes the same kind at most once per interval', () => {
    expect(shouldPublishStatus({ status: 'ok', at: 1_000 }, 'ok', 10_999, 10_000)).toBe(false);
    expect(shouldPublishStatus({ status: 'ok', at: 1_000 }, 'ok', 11_000, 10_000)).toBe(true);
  });

  it('publishes a change of kind at once', () => {
    expect(shouldPublishStatus({ status: 'ok', at: 1_000 }, 'failing', 1_001, 10_000)).toBe(true);
    expect(shouldPublishStatus({ status: 'failing', at: 1_000 }, 'ok', 1_001, 10_000)).toBe(true);
  });
});
