/** What a detector found in one block (docs/analytics.md). */
export interface Detection {
  type: 'sandwich' | 'arbitrage';
  chainId: number;
  blockNumber: bigint;
  /** Sandwich: who receives the back-run's output; arbitrage: who receives the cycle's last output. */
  attacker: string;
  /** The attacker's transactions: front-run then back-run, or the arbitrage's one. */
  transactions: string[];
  /** Sandwiched transactions in block order; empty for an arbitrage. */
  victims: string[];
  pools: string[];
  profitToken: string;
  /** Raw units of `profitToken`; negative for a sandwich that lost. */
  profitAmount: bigint;
  /** `swapId`s it rests on, in block order. */
  swaps: string[];
}
