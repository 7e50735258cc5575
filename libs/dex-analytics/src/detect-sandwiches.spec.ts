import { detectSandwiches as sut } from './detect-sandwiches';
import { A, swapOf } from './test-swaps';

const buy = (txIndex: number, who: string, amountIn: bigint, amountOut: bigint) => swapOf(txIndex, 0, { txFrom: who, recipient: who, tokenIn: A.usd, tokenOut: A.eth, amountIn, amountOut });
const sell = (txIndex: number, who: string, amountIn: bigint, amountOut: bigint) => swapOf(txIndex, 0, { txFrom: who, recipient: who, tokenIn: A.eth, tokenOut: A.usd, amountIn, amountOut });

describe('detectSandwiches', () => {
  it('finds a front-run and a back-run by one actor around a victim, with the profit in the start token', () => {
    const [front, victim, back] = [buy(0, A.bot, 1_000n, 500n), buy(1, A.victim, 2_000n, 900n), sell(2, A.bot, 500n, 1_150n)];

    const detections = sut([front, victim, back]);

    expect(detections).toEqual([
      {
        type: 'sandwich',
        chainId: 1,
        blockNumber: 100n,
        attacker: A.bot,
        transactions: [front.transactionHash, back.transactionHash],
        victims: [victim.transactionHash],
        pools: [A.pool1],
        profitToken: A.usd,
        profitAmount: 150n,
        swaps: [front.swapId, victim.swapId, back.swapId],
      },
    ]);
  });

  it('takes every victim between the two sides, in block order, whatever the input order', () => {
    const swaps = [sell(3, A.bot, 500n, 1_200n), buy(2, A.other, 10n, 4n), buy(0, A.bot, 1_000n, 500n), buy(1, A.victim, 2_000n, 900n)];

    const [sandwich] = sut(swaps);

    expect(sandwich?.victims).toEqual([swaps[3]?.transactionHash, swaps[1]?.transactionHash]);
    expect(sandwich?.profitAmount).toBe(200n);
  });

  it('knows a bot contract by the front-run recipient calling the pool for the back-run, and names the receiver of the back-run', () => {
    const front = swapOf(0, 0, { txFrom: A.bot, sender: A.botContract, recipient: A.botContract, tokenIn: A.usd, tokenOut: A.eth, amountIn: 1_000n, amountOut: 500n });
    const back = swapOf(2, 0, { txFrom: A.other, sender: A.botContract, recipient: A.bot, tokenIn: A.eth, tokenOut: A.usd, amountIn: 500n, amountOut: 990n });

    const [sandwich] = sut([front, buy(1, A.victim, 5n, 2n), back]);

    expect(sandwich).toMatchObject({ attacker: A.bot, profitAmount: -10n });
  });

  it.each([
    ['no victim between the two sides', [buy(0, A.bot, 1_000n, 500n), sell(1, A.bot, 500n, 1_100n), buy(2, A.victim, 5n, 2n)]],
    ['a victim swapping the other way', [buy(0, A.bot, 1_000n, 500n), sell(1, A.victim, 5n, 9n), sell(2, A.bot, 500n, 1_100n)]],
    ['the back-run by another actor', [buy(0, A.bot, 1_000n, 500n), buy(1, A.victim, 5n, 2n), sell(2, A.other, 500n, 1_100n)]],
    ['the victim in another pool', [buy(0, A.bot, 1_000n, 500n), { ...buy(1, A.victim, 5n, 2n), pool: A.pool2 }, sell(2, A.bot, 500n, 1_100n)]],
    ['both sides in one transaction', [buy(0, A.bot, 1_000n, 500n), buy(1, A.victim, 5n, 2n), { ...sell(0, A.bot, 500n, 1_100n), swapId: 'same-tx', logIndex: 1 }]],
  ])('finds nothing with %s', (_case, swaps) => {
    expect(sut(swaps)).toEqual([]);
  });

  it('uses each front-run and back-run once', () => {
    const swaps = [buy(0, A.bot, 1_000n, 500n), buy(1, A.victim, 5n, 2n), sell(2, A.bot, 500n, 1_100n), sell(3, A.bot, 1n, 2n)];

    expect(sut(swaps)).toHaveLength(1);
  });
});
