/**
 * A swap as the detectors read it: one token in, one token out, raw amounts as bigints, addresses lower case.
 * `dex.swaps.v1` payloads and the CLI's file both map onto it.
 */
export interface Swap {
  /** Unique within the input; `dex.swaps.v1`'s `chainId:txHash:logIndex`. */
  swapId: string;
  chainId: number;
  blockNumber: bigint;
  transactionHash: string;
  transactionIndex: number;
  /** Null: the swap's place in its transaction is its place in the input. */
  logIndex: number | null;
  pool: string;
  protocol: string;
  /** Who called the pool. */
  sender: string;
  /** Who received `tokenOut`. */
  recipient: string;
  /** The transaction's sender (null when unknown). */
  txFrom: string | null;
  tokenIn: string;
  tokenOut: string;
  amountIn: bigint;
  amountOut: bigint;
}

/**
 * The swaps of one block in execution order: by transaction index, then log index; a transaction with a swap
 * without a log index keeps the input's order for all its swaps. Stable, does not mutate the input.
 *
 * @example inBlockOrder(block.swaps)[0] // the block's first swap
 */
export function inBlockOrder<S extends Swap>(swaps: readonly S[]): S[] {
  const unindexed = new Set(swaps.filter((swap) => swap.logIndex === null).map((swap) => swap.transactionHash));
  return swaps
    .map((swap, position) => ({ swap, position }))
    .sort((a, b) => {
      const byTx = a.swap.transactionIndex - b.swap.transactionIndex;
      if (byTx !== 0) return byTx;
      if (a.swap.transactionHash !== b.swap.transactionHash) return a.position - b.position;
      if (unindexed.has(a.swap.transactionHash)) return a.position - b.position;
      return (a.swap.logIndex ?? 0) - (b.swap.logIndex ?? 0);
    })
    .map(({ swap }) => swap);
}
