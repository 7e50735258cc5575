import { detectArbitrages as sut } from './detect-arbitrages';
import { A, swapOf } from './test-swaps';

describe('detectArbitrages', () => {
  const hop = (logIndex: number, pool: string, tokenIn: string, tokenOut: string, amountIn: bigint, amountOut: bigint, recipient = A.botContract) =>
    swapOf(0, logIndex, { pool, tokenIn, tokenOut, amountIn, amountOut, txFrom: A.bot, sender: A.botContract, recipient });

  it('finds a two-pool cycle in one transaction with its profit in the start token', () => {
    const swaps = [hop(1, A.pool1, A.usd, A.eth, 1_000n, 3n), hop(3, A.pool2, A.eth, A.usd, 3n, 1_040n, A.bot)];

    expect(sut(swaps)).toEqual([
      {
        type: 'arbitrage',
        chainId: 1,
        blockNumber: 100n,
        attacker: A.bot,
        transactions: [swaps[0]?.transactionHash],
        victims: [],
        pools: [A.pool1, A.pool2],
        profitToken: A.usd,
        profitAmount: 40n,
        swaps: [swaps[0]?.swapId, swaps[1]?.swapId],
      },
    ]);
  });

  it('finds a three-pool cycle, whatever order the log indexes come in', () => {
    const swaps = [hop(7, A.pool3, A.dai, A.usd, 2_990n, 1_010n), hop(2, A.pool1, A.usd, A.eth, 1_000n, 3n), hop(4, A.pool2, A.eth, A.dai, 3n, 2_990n)];

    const [arbitrage] = sut(swaps);

    expect(arbitrage).toMatchObject({ pools: [A.pool1, A.pool2, A.pool3], profitToken: A.usd, profitAmount: 10n, attacker: A.botContract });
  });

  it.each([
    ['a cycle that loses', [hop(0, A.pool1, A.usd, A.eth, 1_000n, 3n), hop(1, A.pool2, A.eth, A.usd, 3n, 990n)]],
    ['a round trip through one pool', [hop(0, A.pool1, A.usd, A.eth, 1_000n, 3n), hop(1, A.pool1, A.eth, A.usd, 3n, 1_100n)]],
    ['a path that does not close', [hop(0, A.pool1, A.usd, A.eth, 1_000n, 3n), hop(1, A.pool2, A.eth, A.dai, 3n, 2_000n)]],
    ['the legs in two transactions', [hop(0, A.pool1, A.usd, A.eth, 1_000n, 3n), swapOf(1, 0, { pool: A.pool2, tokenIn: A.eth, tokenOut: A.usd, amountIn: 3n, amountOut: 1_100n })]],
  ])('finds nothing in %s', (_case, swaps) => {
    expect(sut(swaps)).toEqual([]);
  });

  it('keeps the file order of a transaction whose swaps have no log index', () => {
    const swaps = [hop(0, A.pool1, A.usd, A.eth, 1_000n, 3n), hop(0, A.pool2, A.eth, A.usd, 3n, 1_100n)].map((swap, i) => ({ ...swap, logIndex: null, swapId: `s${i}` }));

    expect(sut(swaps).map((d) => d.swaps)).toEqual([['s0', 's1']]);
  });
});
