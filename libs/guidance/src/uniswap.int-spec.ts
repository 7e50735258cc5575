/**
 * The quotes against Uniswap's own contracts on the shared devnet: a V2 pair accepts exactly the predicted amount out
 * (one wei more fails its K check), and a V3 pool swapping inside its range pays what the in-range maths predicts.
 */
import {
  createUniswapV2Pair,
  createUniswapV3Pool,
  deployErc20,
  deployUniswapV2Factory,
  deployUniswapV3Caller,
  deployUniswapV3Factory,
  devnetClients,
  sendTx,
  sqrtPriceX96,
  swapUniswapV3,
  transferErc20,
  uniswapV2PairAbi,
  uniswapV2Reserves,
  uniswapV3PoolAbi,
  uniswapV3SqrtPrice,
  type DevnetClients,
} from '@pum/devnet';
import { encodeFunctionData, parseAbi, parseEventLogs, type Address } from 'viem';
import type { TokenIndex } from './swap-quote';
import { uniswapV2Quote } from './uniswap-v2';
import { uniswapV3Quote } from './uniswap-v3';

/** Hardhat account 19: this suite's own (see tools/devnet/src/clients.ts for who uses which). */
const c: DevnetClients = devnetClients(undefined, { accountIndex: 19 });
const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const liquidityAbi = parseAbi(['function liquidity() view returns (uint128)']);

let usd: Address;
let token: Address;

beforeAll(async () => {
  usd = (await deployErc20(c, { name: 'Guidance USD', symbol: 'gUSD', decimals: 6, supply: 10n ** 9n * E6 })).address;
  token = (await deployErc20(c, { name: 'Guidance Token', symbol: 'gTKN', decimals: 18, supply: 10n ** 9n * E18 })).address;
});

const indexOf = (pool: { token0: Address }, t: Address): TokenIndex => (pool.token0.toLowerCase() === t.toLowerCase() ? 0 : 1);

describe('Uniswap quotes on the devnet', () => {
  it('predicts the most a V2 pair pays, in both directions: the pair takes it and refuses one wei more', async () => {
    const factory = await deployUniswapV2Factory(c);
    const { pair } = await createUniswapV2Pair(c, factory, [usd, 1_000_000n * E6], [token, 400_000n * E18]);

    for (const [tokenIn, amountIn] of [[usd, 25_000n * E6], [token, 7_500n * E18]] as const) {
      const state = await uniswapV2Reserves(c, pair);
      const decimals = (indexOf(state, usd) === 0 ? [6, 18] : [18, 6]) as [number, number];
      const sut = uniswapV2Quote({ reserves: [state.reserve0, state.reserve1], decimals }, { tokenIn: indexOf(state, tokenIn), amountIn });

      await transferErc20(c, tokenIn, pair, amountIn);
      const swap = (amountOut: bigint) =>
        encodeFunctionData({
          abi: uniswapV2PairAbi,
          functionName: 'swap',
          args: [sut.tokenOut === 0 ? amountOut : 0n, sut.tokenOut === 1 ? amountOut : 0n, c.account.address, '0x'],
        });
      await expect(c.publicClient.call({ account: c.account, to: pair, data: swap(sut.amountOut + 1n) })).rejects.toThrow(/UniswapV2: K/);
      await c.publicClient.call({ account: c.account, to: pair, data: swap(sut.amountOut) });
      await sendTx(c, pair, swap(sut.amountOut), 'swap the predicted amount');

      const after = await uniswapV2Reserves(c, pair);
      expect([after.reserve0, after.reserve1][sut.tokenOut]).toBe([state.reserve0, state.reserve1][sut.tokenOut] - sut.amountOut);
    }
  });

  it('predicts what a V3 pool pays for a swap inside its range, in both directions', async () => {
    const factory = await deployUniswapV3Factory(c);
    const caller = await deployUniswapV3Caller(c);
    const usdFirst = usd.toLowerCase() < token.toLowerCase();
    // $2.50 a token: token1 per token0 in base units; L = √(x·y) of $500k a side.
    const ratio = usdFirst ? 1e18 / 2.5 / 1e6 : (2.5 * 1e6) / 1e18;
    const liquidity = BigInt(Math.floor(Math.sqrt(500_000e6 * 200_000e18)));
    const v3 = await createUniswapV3Pool(c, { factory, caller, tokens: [usd, token], sqrtPriceX96: sqrtPriceX96(ratio), liquidity });
    const decimals = (usdFirst ? [6, 18] : [18, 6]) as [number, number];

    for (const [tokenIn, amountIn] of [[usd, 10_000n * E6], [token, 3_000n * E18]] as const) {
      const state = {
        sqrtPriceX96: await uniswapV3SqrtPrice(c, v3.pool),
        liquidity: await c.publicClient.readContract({ address: v3.pool, abi: liquidityAbi, functionName: 'liquidity' }),
        feePips: 3000,
        decimals,
      };
      const sut = uniswapV3Quote(state, { tokenIn: indexOf(v3, tokenIn), amountIn });

      const { receipt } = await swapUniswapV3(c, v3, { zeroForOne: sut.tokenIn === 0, amountIn });

      const [event] = parseEventLogs({ abi: uniswapV3PoolAbi, logs: receipt.logs, eventName: 'Swap' });
      const paidOut = -(sut.tokenOut === 0 ? event.args.amount0 : event.args.amount1);
      const paidIn = sut.tokenIn === 0 ? event.args.amount0 : event.args.amount1;
      expect(paidIn).toBe(amountIn);
      expect(paidOut).toBe(sut.amountOut);
      expect(event.args.sqrtPriceX96).toBe(sut.sqrtPriceAfterX96);
    }
  });
});
