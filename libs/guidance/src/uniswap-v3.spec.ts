import { approximateSqrtPriceAtTick, uniswapV3Quote } from './uniswap-v3';

const Q96 = 2n ** 96n;
/** Price 1 (token1 per token0), L = 10^18, 0.3 %: the whitepaper's formulas in floats are easy to write down. */
const pool = { sqrtPriceX96: Q96, liquidity: 10n ** 18n, feePips: 3000, decimals: [18, 18] as const };
const L = 1e18;

describe('uniswapV3Quote', () => {
  it('sells token0 along 1/√P: Δ(1/√P) = Δx / L, Δy = L·Δ√P', () => {
    const sut = uniswapV3Quote(pool, { tokenIn: 0, amountIn: 10n ** 16n });

    const dx = 0.997e16;
    const sqrtAfter = 1 / (1 + dx / L);
    const dy = L * (1 - sqrtAfter);
    expect(Number(sut.amountOut)).toBeCloseTo(dy, -2);
    expect(sut.amountOut).toBe(9_871_580_343_970_612n);
    expect(Number(sut.sqrtPriceAfterX96) / 2 ** 96).toBeCloseTo(sqrtAfter, 12);
    expect(sut.midPriceAfter).toBeCloseTo(sqrtAfter ** 2, 12);
    expect(sut.priceImpactBps).toBeCloseTo((1 - dy / dx) * 10_000, 6);
  });

  it('sells token1 along √P: Δ√P = Δy / L, Δx = L·Δ(1/√P)', () => {
    const sut = uniswapV3Quote(pool, { tokenIn: 1, amountIn: 5n * 10n ** 16n });

    const dy = 0.997 * 5e16;
    const sqrtAfter = 1 + dy / L;
    const dx = L * (1 - 1 / sqrtAfter);
    expect(Number(sut.amountOut)).toBeCloseTo(dx, -2);
    expect(sut.midPrice).toBe(1);
    expect(sut.midPriceAfter).toBeCloseTo(1 / sqrtAfter ** 2, 12);
  });

  it('rounds in the pool’s favour, never paying more than the exact amount', () => {
    const sut = uniswapV3Quote({ ...pool, sqrtPriceX96: 3n * Q96 + 12_345n, liquidity: 987_654_321_123n }, { tokenIn: 0, amountIn: 1_000_003n });

    const sqrtP = (3 * 2 ** 96 + 12_345) / 2 ** 96;
    const dx = Math.floor((1_000_003 * 997_000) / 1e6);
    const exact = 987_654_321_123 * (sqrtP - (987_654_321_123 * sqrtP) / (987_654_321_123 + dx * sqrtP));
    expect(Number(sut.amountOut)).toBeLessThanOrEqual(exact);
    expect(Number(sut.amountOut)).toBeGreaterThan(exact - 2);
  });

  it('says when a trade reaches the assumed range’s bound, and how much the range absorbs', () => {
    // tickLower −10: √P at the bound is 1.0001^−5, so the range takes L·(1.0001^5 − 1)/0.997 of token0.
    const bounded = { ...pool, tickLower: -10, tickUpper: 10 };
    const capacity = (L * (1.0001 ** 5 - 1)) / 0.997;

    const small = uniswapV3Quote(bounded, { tokenIn: 0, amountIn: 10n ** 14n });
    const large = uniswapV3Quote(bounded, { tokenIn: 0, amountIn: 10n ** 16n });

    expect(Number(small.amountInToRangeBound)).toBeCloseTo(capacity, -4);
    expect(small.exhaustsRange).toBe(false);
    expect(large.exhaustsRange).toBe(true);
    expect(uniswapV3Quote(pool, { tokenIn: 0, amountIn: 10n ** 16n }).exhaustsRange).toBeNull();
  });

  it('treats a price already outside the assumed range as exhausted', () => {
    const sut = uniswapV3Quote({ ...pool, tickLower: 100, tickUpper: 200 }, { tokenIn: 0, amountIn: 1_000n });

    expect(sut.exhaustsRange).toBe(true);
    expect(sut.amountInToRangeBound).toBe(0n);
  });

  it('refuses a fee tier outside [0, 10^6) pips or an empty pool', () => {
    expect(() => uniswapV3Quote({ ...pool, feePips: 1_000_000 }, { tokenIn: 0, amountIn: 1n })).toThrow(RangeError);
    expect(() => uniswapV3Quote({ ...pool, liquidity: 0n }, { tokenIn: 0, amountIn: 1n })).toThrow(RangeError);
  });
});

describe('approximateSqrtPriceAtTick', () => {
  it('gives √(1.0001^tick)·2^96', () => {
    expect(approximateSqrtPriceAtTick(0)).toBe(Q96);
    expect(Number(approximateSqrtPriceAtTick(20_000)) / 2 ** 96).toBeCloseTo(Math.sqrt(1.0001 ** 20_000), 10);
  });
});
