import type { Detection } from './detection';
import { inBlockOrder, type Swap } from './swap';

/**
 * Cyclic arbitrages in one block's swaps: within one transaction, consecutive swaps where each sells what the one
 * before bought, through distinct pools, ending in the token the first sold, with more of it out than in.
 * Profit = last output − first input, in that token; the attacker is who received the last output. Each swap belongs
 * to one cycle at most; a chain that closes at a loss is not reported.
 *
 * @example detectArbitrages(block.swaps) // [{ type: 'arbitrage', transactions: [tx], pools: [a, b, c], … }]
 */
export function detectArbitrages(blockSwaps: readonly Swap[]): Detection[] {
  const byTx = new Map<string, Swap[]>();
  for (const swap of inBlockOrder(blockSwaps)) byTx.set(swap.transactionHash, [...(byTx.get(swap.transactionHash) ?? []), swap]);
  const detections: Detection[] = [];
  for (const swaps of byTx.values()) {
    let i = 0;
    while (i < swaps.length) {
      const cycle = cycleFrom(swaps, i);
      if (cycle) {
        detections.push(arbitrage(cycle));
        i += cycle.length;
      } else i += 1;
    }
  }
  return detections;
}

/** The profitable cycle starting at `start`, if the swaps from there close one. */
function cycleFrom(swaps: readonly Swap[], start: number): Swap[] | undefined {
  const first = swaps[start];
  if (!first) return undefined;
  const path = [first];
  const pools = new Set([first.pool]);
  for (const next of swaps.slice(start + 1)) {
    const last = path[path.length - 1] as Swap;
    if (next.tokenIn !== last.tokenOut || pools.has(next.pool)) return undefined;
    path.push(next);
    pools.add(next.pool);
    if (next.tokenOut === first.tokenIn) return next.amountOut > first.amountIn ? path : undefined;
  }
  return undefined;
}

function arbitrage(cycle: Swap[]): Detection {
  const first = cycle[0] as Swap;
  const last = cycle[cycle.length - 1] as Swap;
  return {
    type: 'arbitrage',
    chainId: first.chainId,
    blockNumber: first.blockNumber,
    attacker: last.recipient,
    transactions: [first.transactionHash],
    victims: [],
    pools: cycle.map((swap) => swap.pool),
    profitToken: first.tokenIn,
    profitAmount: last.amountOut - first.amountIn,
    swaps: cycle.map((swap) => swap.swapId),
  };
}
