import { tradeSlippage, type PoolState } from '@pum/guidance';
import { poolDepthOf } from './pool-depth';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
/** A V2 pair of a dollar token (6 decimals, index 0) and a token at $2, `usd` dollars a side. */
const pair = (poolId: string, usd: bigint): PoolState => ({ poolId, protocol: 'uniswap_v2', usdIndex: 0, decimals: [6, 18], reserves: [usd * E6, (usd / 2n) * E18] });

describe('poolDepthOf', () => {
  it("takes the pool where selling the size costs least, with the impact in buckets and the pair's exact impact as seen", () => {
    const deep = pair('1:0xdeep', 10_000_000n);
    const shallow = pair('1:0xshallow', 200_000n);

    const sut = poolDepthOf([{ state: shallow, blockNumber: 7n }, { state: deep, blockNumber: 9n }], 100_000, [50, 200]);

    const exact = tradeSlippage(deep, 'sell', 100_000)?.priceImpactBps ?? NaN;
    expect(exact).toBeGreaterThan(50);
    expect(exact).toBeLessThan(100);
    expect(sut).toEqual({ depth: { poolId: '1:0xdeep', sizeUsd: 100_000, impactBps: 50 }, observed: { impactBps: Math.round(exact * 100) / 100, blockNumber: '9' } });
  });

  it('reads a tiny pool as thousands of bps', () => {
    const sut = poolDepthOf([{ state: pair('1:0xtiny', 20_000n), blockNumber: 1n }], 100_000, [50, 200]);

    expect(sut?.depth.impactBps).toBeGreaterThanOrEqual(5000);
  });

  it('keeps the bucket when the pool moves a little', () => {
    const before = poolDepthOf([{ state: pair('1:0xp', 1_000_000n), blockNumber: 1n }], 100_000, [50, 200]);
    const after = poolDepthOf([{ state: pair('1:0xp', 1_020_000n), blockNumber: 2n }], 100_000, [50, 200]);

    expect(after?.observed.impactBps).not.toBe(before?.observed.impactBps);
    expect(after?.depth).toEqual(before?.depth);
  });

  it('is null without a pool that quotes', () => {
    expect(poolDepthOf([], 100_000, [50, 200])).toBeNull();
    const empty: PoolState = { poolId: '1:0xempty', protocol: 'uniswap_v2', usdIndex: 0, decimals: [6, 18], reserves: [0n, 0n] };
    expect(poolDepthOf([{ state: empty, blockNumber: 1n }], 100_000, [50, 200])).toBeNull();
  });
});
