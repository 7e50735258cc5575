import { parseAbiItem, toEventSelector, type Hex } from 'viem';

/** Uniswap V2's `Swap` (UniswapV2Pair.sol; every V2 fork keeps it) and Uniswap V3's (IUniswapV3PoolEvents.sol). */
export const swapEvents = {
  uniswapV2: parseAbiItem('event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)'),
  uniswapV3: parseAbiItem('event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)'),
} as const;

export const SWAP_V2_TOPIC0: Hex = toEventSelector(swapEvents.uniswapV2);
export const SWAP_V3_TOPIC0: Hex = toEventSelector(swapEvents.uniswapV3);

/**
 * topic0 of the DEX `Swap` events: asked for per network as its `dexSwaps` setting says (docs/analytics.md). Disjoint
 * from the catalogue's topics, so the swap filter never returns a log another filter returns.
 */
export const SWAP_TOPIC0S: readonly Hex[] = [SWAP_V2_TOPIC0, SWAP_V3_TOPIC0];

/** Whether a raw log is a DEX `Swap` (then it is decoded into dex.swaps.v1, not into a protocol event). */
export function isSwapLog(log: { topics: readonly string[] }): boolean {
  const topic0 = log.topics[0]?.toLowerCase();
  return topic0 === SWAP_V2_TOPIC0 || topic0 === SWAP_V3_TOPIC0;
}
