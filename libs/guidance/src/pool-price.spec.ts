import { usdVolume, v2Price, v3Price } from './pool-price';

const E18 = 10n ** 18n;

describe('pool math', () => {
  it('prices the other token from V2 reserves with either token as the dollar', () => {
    expect(v2Price([2_000n * E18, 1n * E18], { usdIndex: 0, decimals: [18, 18] })).toBe(2000);
    expect(v2Price([1n * E18, 2_000n * 10n ** 6n], { usdIndex: 1, decimals: [18, 6] })).toBe(2000);
    expect(v2Price([0n, 5n], { usdIndex: 1, decimals: [18, 18] })).toBeUndefined();
  });

  it('prices from a V3 sqrtPriceX96, adjusting for decimals', () => {
    const sqrt2000 = BigInt(Math.round(Math.sqrt(2000) * 2 ** 48)) * 2n ** 48n; // token1 per token0 = 2000
    expect(v3Price(sqrt2000, { usdIndex: 1, decimals: [18, 18] })).toBeCloseTo(2000, 6);
    expect(v3Price(sqrt2000, { usdIndex: 0, decimals: [18, 18] })).toBeCloseTo(1 / 2000, 12);
    // WETH (18) / USDC (6) at $2000: raw price1per0 = 2000e6 / 1e18.
    const raw = Math.sqrt(2000e6 / 1e18);
    const sqrtUsdc = BigInt(Math.round(raw * 2 ** 96));
    expect(v3Price(sqrtUsdc, { usdIndex: 1, decimals: [18, 6] })).toBeCloseTo(2000, 3);
  });

  it('counts the dollar side of a trade, whatever its sign', () => {
    expect(usdVolume([-1500n * E18, 1n * E18], { usdIndex: 0, decimals: [18, 18] })).toBe(1500);
    expect(usdVolume([1n * E18, 250n * 10n ** 6n], { usdIndex: 1, decimals: [18, 6] })).toBe(250);
  });
});
