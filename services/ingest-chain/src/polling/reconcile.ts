import type { BlockRef, RecentBlock } from './chain-state.repository';

/** A block as the chain reports it at its height. */
export interface ChainBlock extends BlockRef {
  parentHash: string;
  /** Unix seconds. */
  timestamp: number;
}

/** What the poller holds of one chain during a poll; it keeps this in step with what it applies. */
export interface ChainWindow {
  /** The chain head this poll works up to. */
  head: bigint;
  /** Depth at which a block's logs are confirmed. */
  confirmations: number;
  /** Depth below which a block is final: it leaves the window. */
  finalityDepth: number;
  /** Last block fully published (the checkpoint); none before the first, or after starting over. */
  tip: BlockRef | undefined;
  /** The unfinalized blocks published, newest first, with their logs. */
  recent: readonly RecentBlock[];
}

/** What to do next, given the window and what the chain said. */
export type Reconciliation =
  /** The block extends the tip: publish its logs `pending` (and `confirmed` too when `confirmed`), record it. */
  | { type: 'block'; block: ChainBlock; confirmed: boolean }
  /** The chain does not match the window here: read its block at `blockNumber` and reconcile that. */
  | { type: 'check'; blockNumber: bigint }
  /**
   * The chain left the window above `ancestor`: retract the logs of `orphaned` (newest first) and resume
   * from the ancestor. No ancestor: the chain kept none of the window (a reorg deeper than it, a devnet
   * that restarted) — start over.
   */
  | { type: 'reorg'; ancestor: RecentBlock | undefined; orphaned: RecentBlock[] }
  /** Caught up with the head: confirm `confirm` (oldest first), forget the window below `finalizedBelow`. */
  | { type: 'finalize'; confirm: RecentBlock[]; finalizedBelow: bigint };

/**
 * Decides what the poller does with the chain's block `block`: the next block after the tip, or the
 * block at a height a `check` asked for; none once the poller has caught up with the head. Pure:
 * the poller fetches, this decides, the poller applies — the loop of Ponder's sync-realtime.
 *
 * A block that does not extend the tip starts a walk down the window, newest first: each window
 * block at or below the head is checked against the chain (those above it are gone already) until one
 * still matches — the common ancestor. A next block whose parent never shows up at its height (the
 * chain still has the tip) is a reorg that orphans nothing: the poller rewinds to where it is and asks again.
 *
 * @example
 * reconcile(window, next) // { type: 'block', block: next, confirmed: false } when next.parentHash === window.tip.hash
 */
export function reconcile(window: Readonly<ChainWindow>, block: ChainBlock | undefined): Reconciliation {
  if (block === undefined) return finalize(window);
  const { tip } = window;
  if (tip === undefined || block.number > tip.number) {
    const extendsTip = tip === undefined || (block.number === tip.number + 1n && block.parentHash === tip.hash);
    if (extendsTip) return { type: 'block', block, confirmed: window.head - block.number >= BigInt(window.confirmations) };
    return checkBelow(window, block.number);
  }
  const stored = window.recent.find((candidate) => candidate.number === block.number);
  if (stored?.hash === block.hash) return { type: 'reorg', ancestor: stored, orphaned: window.recent.filter((candidate) => candidate.number > stored.number) };
  return checkBelow(window, block.number);
}

/** The next window block below `height` to check against the chain; none left: the chain kept nothing of the window. */
function checkBelow(window: Readonly<ChainWindow>, height: bigint): Reconciliation {
  const next = window.recent.find((candidate) => candidate.number < height && candidate.number <= window.head);
  return next ? { type: 'check', blockNumber: next.number } : { type: 'reorg', ancestor: undefined, orphaned: [...window.recent] };
}

function finalize(window: Readonly<ChainWindow>): Reconciliation {
  const confirmedUpTo = window.head - BigInt(window.confirmations);
  return {
    type: 'finalize',
    confirm: window.recent.filter((block) => !block.confirmed && block.number <= confirmedUpTo).reverse(),
    finalizedBelow: window.head - BigInt(window.finalityDepth),
  };
}
