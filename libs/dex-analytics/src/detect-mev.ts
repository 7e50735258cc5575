import { detectArbitrages } from './detect-arbitrages';
import { detectSandwiches } from './detect-sandwiches';
import type { Detection } from './detection';
import type { Swap } from './swap';

/**
 * Every detection in one block's swaps: sandwiches, then cyclic arbitrages (docs/analytics.md).
 *
 * @example detectMev(swapsOfBlock).map((d) => d.type) // ['sandwich', 'arbitrage']
 */
export function detectMev(blockSwaps: readonly Swap[]): Detection[] {
  return [...detectSandwiches(blockSwaps), ...detectArbitrages(blockSwaps)];
}
