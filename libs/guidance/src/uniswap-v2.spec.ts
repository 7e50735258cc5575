import { uniswapV2AmountOut, uniswapV2Quote } from './uniswap-v2';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
/** 100 WETH (18 decimals) against 200,000 USDC (6): 2000 USDC per WETH. */
const pool = { reserves: [100n * E18, 200_000n * E6] as const, decimals: [18, 6] as const };

/** The pair's own acceptance test (UniswapV2Pair.swap): balances net of the 0.3 % fee keep K from falling. */
function pairAccepts(amountIn: bigint, amountOut: bigint, reserveIn: bigint, reserveOut: bigint): boolean {
  const balanceIn = reserveIn + amountIn;
  const balanceOut = reserveOut - amountOut;
  return (balanceIn * 1000n - amountIn * 3n) * (balanceOut * 1000n) >= reserveIn * reserveOut * 1000n ** 2n;
}

describe('uniswapV2AmountOut', () => {
  it.each([
    [1n * E18, 100n * E18, 200_000n * E6],
    [37n * E18, 100n * E18, 200_000n * E6],
    [12_345n * E6, 200_000n * E6, 100n * E18],
    [1n, 10n ** 9n, 10n ** 9n],
  ])('pays the most the pair accepts for %s in (reserves %s / %s)', (amountIn, reserveIn, reserveOut) => {
    const sut = uniswapV2AmountOut(amountIn, reserveIn, reserveOut);

    expect(pairAccepts(amountIn, sut, reserveIn, reserveOut)).toBe(true);
    expect(pairAccepts(amountIn, sut + 1n, reserveIn, reserveOut)).toBe(false);
  });

  it('matches the worked number for 1 WETH into 100 WETH / 200,000 USDC', () => {
    // 1e18·997·2e11 / (1e20·1000 + 1e18·997) = 1974.316068… USDC, floored to base units.
    expect(uniswapV2AmountOut(1n * E18, 100n * E18, 200_000n * E6)).toBe(1_974_316_068n);
  });

  it('refuses an empty trade or an empty pair', () => {
    expect(() => uniswapV2AmountOut(0n, 1n, 1n)).toThrow(RangeError);
    expect(() => uniswapV2AmountOut(1n, 0n, 1n)).toThrow(RangeError);
  });
});

describe('uniswapV2Quote', () => {
  it('prices a sale of WETH against the mid price, the fee apart from the size impact', () => {
    const sut = uniswapV2Quote(pool, { tokenIn: 0, amountIn: 1n * E18 });

    expect(sut.tokenOut).toBe(1);
    expect(sut.midPrice).toBe(2000);
    expect(sut.executionPrice).toBeCloseTo(1974.316068, 6);
    expect(sut.feeBps).toBe(30);
    // Constant product: impact = Δx' / (x + Δx') with Δx' = 0.997·Δx; all-in slippage adds the fee.
    expect(sut.priceImpactBps).toBeCloseTo((0.997 / 100.997) * 10_000, 3);
    expect(sut.slippageBps).toBeCloseTo((1 - 1974.316068 / 2000) * 10_000, 3);
    expect(sut.midPriceAfter).toBeCloseTo((200_000 - 1974.316068) / 101, 6);
  });

  it('quotes the other direction with the mid price inverted', () => {
    const sut = uniswapV2Quote(pool, { tokenIn: 1, amountIn: 20_000n * E6 });

    expect(sut.tokenOut).toBe(0);
    expect(sut.midPrice).toBeCloseTo(1 / 2000, 15);
    expect(sut.amountOut).toBe(uniswapV2AmountOut(20_000n * E6, 200_000n * E6, 100n * E18));
    expect(sut.priceImpactBps).toBeCloseTo(((0.997 * 20_000) / (200_000 + 0.997 * 20_000)) * 10_000, 3);
  });

  it('costs more the larger the trade', () => {
    const impacts = [1n, 5n, 25n].map((n) => uniswapV2Quote(pool, { tokenIn: 0, amountIn: n * E18 }).priceImpactBps);

    expect(impacts[0]).toBeLessThan(impacts[1]);
    expect(impacts[1]).toBeLessThan(impacts[2]);
  });
});
