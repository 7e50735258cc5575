import type { Detection } from './detection';
import { inBlockOrder, type Swap } from './swap';

/**
 * One actor on both sides: the same transaction sender, or the front-run's recipient calling the pool for the
 * back-run (a bot contract that holds what it bought).
 */
function sameActor(front: Swap, other: Swap): boolean {
  return (front.txFrom !== null && front.txFrom === other.txFrom) || front.recipient === other.sender;
}

const sameDirection = (a: Swap, b: Swap) => a.tokenIn === b.tokenIn && a.tokenOut === b.tokenOut;
const reverses = (front: Swap, back: Swap) => back.tokenIn === front.tokenOut && back.tokenOut === front.tokenIn;

/**
 * Sandwiches in one block's swaps (mev-inspect's rule, per pool): a front-run, then victims swapping the same way in
 * other transactions by other actors, then the first later swap by the front-run's actor in the opposite direction
 * (the back-run). Profit = back-run's output − front-run's input, in the front-run's input token. A front-run and a
 * back-run belong to one sandwich at most.
 *
 * @example detectSandwiches(block.swaps) // [{ type: 'sandwich', attacker, transactions: [front, back], victims, … }]
 */
export function detectSandwiches(blockSwaps: readonly Swap[]): Detection[] {
  const byPool = new Map<string, Swap[]>();
  for (const swap of inBlockOrder(blockSwaps)) byPool.set(swap.pool, [...(byPool.get(swap.pool) ?? []), swap]);
  const detections: Detection[] = [];
  for (const swaps of byPool.values()) {
    const used = new Set<string>();
    swaps.forEach((front, i) => {
      if (used.has(front.swapId)) return;
      const victims: Swap[] = [];
      for (const other of swaps.slice(i + 1)) {
        if (other.transactionHash === front.transactionHash || used.has(other.swapId)) continue;
        if (sameActor(front, other)) {
          if (reverses(front, other) && victims.length > 0) {
            used.add(front.swapId).add(other.swapId);
            detections.push(sandwich(front, victims, other));
          }
          if (reverses(front, other)) return; // the actor unwound with no victim in between: not a sandwich
          continue;
        }
        if (sameDirection(front, other) && other.recipient !== front.recipient) victims.push(other);
      }
    });
  }
  return detections.sort((a, b) => order(a) - order(b));

  function order(detection: Detection): number {
    return blockSwaps.findIndex((swap) => swap.swapId === detection.swaps[0]);
  }
}

function sandwich(front: Swap, victims: Swap[], back: Swap): Detection {
  return {
    type: 'sandwich',
    chainId: front.chainId,
    blockNumber: front.blockNumber,
    attacker: back.recipient,
    transactions: [front.transactionHash, back.transactionHash],
    victims: [...new Set(victims.map((victim) => victim.transactionHash))],
    pools: [front.pool],
    profitToken: front.tokenIn,
    profitAmount: back.amountOut - front.amountIn,
    swaps: [front.swapId, ...victims.map((victim) => victim.swapId), back.swapId],
  };
}
