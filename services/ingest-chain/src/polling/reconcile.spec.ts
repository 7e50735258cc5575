import type { RecentBlock } from './chain-state.repository';
import { reconcile as sut, type ChainBlock, type ChainWindow, type Reconciliation } from './reconcile';

const CONFIRMATIONS = 2;
const FINALITY_DEPTH = 10;
/** Window blocks 100…110: what a poller at head 110 keeps (it prunes below head − finality depth). */
const OLDEST = 100n;
const TIP = 110n;

const hashOf = (number: bigint, branch: string) => `0x${branch}${number.toString(16).padStart(63, '0')}`;
const chainBlock = (number: bigint, branch = 'a', parentBranch = branch): ChainBlock => ({
  number,
  hash: hashOf(number, branch),
  parentHash: hashOf(number - 1n, parentBranch),
  timestamp: 1_700_000_000 + Number(number) * 12,
});
const recorded = (block: ChainBlock, confirmed = true): RecentBlock => ({ number: block.number, hash: block.hash, parentHash: block.parentHash, confirmed, logs: [] });

/** The window of blocks OLDEST…TIP of branch `a`, newest first; `unconfirmed` heights not yet confirmed. */
function windowOf({ head = TIP, unconfirmed = [] as bigint[] } = {}): ChainWindow {
  const recent: RecentBlock[] = [];
  for (let n = TIP; n >= OLDEST; n--) recent.push(recorded(chainBlock(n), !unconfirmed.includes(n)));
  return { head, confirmations: CONFIRMATIONS, finalityDepth: FINALITY_DEPTH, tip: { number: TIP, hash: hashOf(TIP, 'a') }, recent };
}

/** A chain equal to branch `a` up to `forkAfter`, branch `b` above it, up to `head`. */
function chainForkedAfter(forkAfter: bigint, head: bigint): Map<bigint, ChainBlock> {
  const chain = new Map<bigint, ChainBlock>();
  for (let n = 0n; n <= head; n++) {
    chain.set(n, n <= forkAfter ? chainBlock(n) : chainBlock(n, 'b', n - 1n <= forkAfter ? 'a' : 'b'));
  }
  return chain;
}

/** Plays the poller's part for `check` steps, answering from `chain`: the decision reached and the heights read. */
function follow(window: ChainWindow, first: ChainBlock, chain: Map<bigint, ChainBlock>): { step: Reconciliation; checked: bigint[] } {
  const checked: bigint[] = [];
  let step = sut(window, first);
  while (step.type === 'check') {
    checked.push(step.blockNumber);
    const answer = chain.get(step.blockNumber);
    if (!answer) throw new Error(`the chain has no block ${step.blockNumber}`);
    step = sut(window, answer);
  }
  return { step, checked };
}

const numbers = (blocks: readonly RecentBlock[]) => blocks.map((block) => block.number);

describe('reconcile', () => {
  it('takes the block after the tip when its parent is the tip, confirmed only once deep enough', () => {
    const window = windowOf({ head: TIP + 5n });

    expect(sut(window, chainBlock(TIP + 1n))).toEqual({ type: 'block', block: chainBlock(TIP + 1n), confirmed: true });
    expect(sut({ ...window, head: TIP + 2n }, chainBlock(TIP + 1n))).toEqual({ type: 'block', block: chainBlock(TIP + 1n), confirmed: false });
  });

  it('takes the first block when nothing was published yet', () => {
    const window: ChainWindow = { head: 5n, confirmations: CONFIRMATIONS, finalityDepth: FINALITY_DEPTH, tip: undefined, recent: [] };

    expect(sut(window, chainBlock(5n))).toEqual({ type: 'block', block: chainBlock(5n), confirmed: false });
  });

  it.each(Array.from({ length: FINALITY_DEPTH }, (_, i) => i + 1))('finds the common ancestor of a reorg %i deep and orphans exactly the blocks that left', (depth) => {
    const forkAfter = TIP - BigInt(depth);
    const chain = chainForkedAfter(forkAfter, TIP + 1n);

    const { step, checked } = follow(windowOf({ head: TIP + 1n }), chain.get(TIP + 1n)!, chain);

    expect(step.type).toBe('reorg');
    if (step.type !== 'reorg') return;
    expect(step.ancestor?.number).toBe(forkAfter);
    expect(step.ancestor?.hash).toBe(hashOf(forkAfter, 'a'));
    expect(numbers(step.orphaned)).toEqual(Array.from({ length: depth }, (_, i) => TIP - BigInt(i)));
    // The walk reads the chain newest first and stops at the ancestor.
    expect(checked).toEqual(Array.from({ length: depth + 1 }, (_, i) => TIP - BigInt(i)));
  });

  it('starts over, orphaning the whole window, when the chain kept none of it (a reorg deeper than the window)', () => {
    const chain = chainForkedAfter(OLDEST - 1n, TIP + 1n);

    const { step, checked } = follow(windowOf({ head: TIP + 1n }), chain.get(TIP + 1n)!, chain);

    expect(step).toMatchObject({ type: 'reorg', ancestor: undefined });
    if (step.type !== 'reorg') return;
    expect(numbers(step.orphaned)).toEqual(numbers(windowOf().recent));
    expect(checked).toHaveLength(Number(TIP - OLDEST) + 1);
  });

  it('treats a next block whose parent never shows up at its height as a reorg that orphans nothing: resume from the tip', () => {
    const chain = chainForkedAfter(TIP + 5n, TIP + 5n); // the chain still has every window block
    const stranger = chainBlock(TIP + 1n, 'c'); // a block whose parent is no block the chain has at TIP

    const { step, checked } = follow(windowOf({ head: TIP + 1n }), stranger, chain);

    expect(step).toEqual({ type: 'reorg', ancestor: windowOf().recent[0], orphaned: [] });
    expect(checked).toEqual([TIP]);
  });

  it('orphans the window blocks above a head that went back without reading them, and checks from the head down', () => {
    const head = TIP - 4n;
    const chain = chainForkedAfter(head - 1n, head); // a shorter chain that differs from `head` on
    const window = windowOf({ head });

    // The poller starts from the chain's block at the head: the tip's height is gone.
    const { step, checked } = follow(window, chain.get(head)!, chain);

    expect(step.type).toBe('reorg');
    if (step.type !== 'reorg') return;
    expect(step.ancestor?.number).toBe(head - 1n);
    expect(numbers(step.orphaned)).toEqual([110n, 109n, 108n, 107n, 106n]);
    expect(checked).toEqual([head - 1n]);
  });

  it('starts over when the tip is a final block outside the window and the next block does not follow it', () => {
    const window: ChainWindow = { head: 300n, confirmations: CONFIRMATIONS, finalityDepth: FINALITY_DEPTH, tip: { number: 200n, hash: hashOf(200n, 'a') }, recent: [] };

    expect(sut(window, chainBlock(201n, 'b'))).toEqual({ type: 'reorg', ancestor: undefined, orphaned: [] });
  });

  it('once caught up, confirms the unconfirmed blocks now deep enough, oldest first, and finalizes below the finality depth', () => {
    const window = windowOf({ head: TIP, unconfirmed: [107n, 108n, 109n, 110n] });

    const step = sut(window, undefined);

    expect(step.type).toBe('finalize');
    if (step.type !== 'finalize') return;
    expect(numbers(step.confirm)).toEqual([107n, 108n]);
    expect(step.finalizedBelow).toBe(TIP - BigInt(FINALITY_DEPTH));
  });
});
