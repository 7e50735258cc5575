import { poolUsdPrice, tradeSlippage, type PoolState } from './slippage';
import { uniswapV2AmountOut } from './uniswap-v2';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
/** 1,000,000 dUSD (6 decimals, token0) against 400,000 DEMO (18 decimals): $2.50 a DEMO. */
const v2: PoolState = { protocol: 'uniswap_v2', poolId: 'pair', usdIndex: 0, decimals: [6, 18], reserves: [1_000_000n * E6, 400_000n * E18] };
/** The same price on a V3 pool: token1 per token0 in base units = 1e12 / 2.5. */
const v3: PoolState = {
  protocol: 'uniswap_v3',
  poolId: 'pool',
  usdIndex: 0,
  decimals: [6, 18],
  sqrtPriceX96: BigInt(Math.floor(Math.sqrt(1e12 / 2.5) * 2 ** 96)),
  liquidity: 10n ** 17n,
  feePips: 3000,
};

describe('tradeSlippage', () => {
  it('buys the token with the size in dollars', () => {
    const sut = tradeSlippage(v2, 'buy', 10_000);

    expect(sut).toMatchObject({ poolId: 'pair', protocol: 'uniswap_v2', direction: 'buy', sizeUsd: 10_000, amountIn: (10_000n * E6).toString(), feeBps: 30, exhaustsRange: null });
    expect(sut?.amountOut).toBe(uniswapV2AmountOut(10_000n * E6, 1_000_000n * E6, 400_000n * E18).toString());
    expect(sut?.inputs).toMatchObject({ reserve0: (1_000_000n * E6).toString(), reserve1: (400_000n * E18).toString(), usdPrice: 2.5 });
  });

  it('sells the token worth the size at the mid price', () => {
    const sut = tradeSlippage(v2, 'sell', 10_000);

    expect(sut?.amountIn).toBe((4_000n * E18).toString());
    expect(sut?.midPrice).toBe(2.5);
    expect(sut?.priceImpactBps).toBeCloseTo(((0.997 * 4_000) / (400_000 + 0.997 * 4_000)) * 10_000, 3);
  });

  it('quotes a V3 pool in range, without bounds saying nothing of the range', () => {
    const sut = tradeSlippage(v3, 'sell', 10_000);

    expect(poolUsdPrice(v3)).toBeCloseTo(2.5, 9);
    expect(sut).toMatchObject({ protocol: 'uniswap_v3', feeBps: 30, exhaustsRange: null });
    expect(sut?.inputs).toMatchObject({ liquidity: (10n ** 17n).toString(), feePips: 3000 });
    expect(sut?.priceImpactBps).toBeGreaterThan(0);
  });

  it('quotes nothing on an empty pool', () => {
    expect(tradeSlippage({ ...v2, reserves: [0n, 0n] } as PoolState, 'buy', 1_000)).toBeUndefined();
  });
});
