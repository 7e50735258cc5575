import { WalletBook, type PricedSwap } from './wallet-book';

const trade = (swapId: string, wallet: string, side: 'buy' | 'sell', quantity: number, price: number): PricedSwap =>
  side === 'buy'
    ? { swapId, wallet, tokenIn: 'usd', tokenOut: 'eth', amountIn: quantity * price, amountOut: quantity, priceInUsd: 1 }
    : { swapId, wallet, tokenIn: 'eth', tokenOut: 'usd', amountIn: quantity, amountOut: quantity * price, priceOutUsd: 1 };

describe('WalletBook', () => {
  it('realises FIFO PnL in USD: the oldest lots are sold first', () => {
    const sut = new WalletBook();
    [trade('1', 'w', 'buy', 1, 100), trade('2', 'w', 'buy', 1, 200), trade('3', 'w', 'sell', 1, 150)].forEach((swap) => sut.apply(swap));

    expect(sut.ranked()[0]).toMatchObject({ wallet: 'w', realisedPnlUsd: 50, closedSells: 1, winningSells: 1, tradeCount: 3, volumeUsd: 450 });
  });

  it('ranks a wallet that bought before a rise above one that bought at the top, and leaves out excluded actors', () => {
    const sut = new WalletBook();
    const swaps = [trade('1', 'early', 'buy', 10, 100), trade('2', 'late', 'buy', 10, 180), trade('3', 'bot', 'buy', 10, 50), trade('4', 'early', 'sell', 10, 170), trade('5', 'late', 'sell', 10, 150), trade('6', 'bot', 'sell', 10, 200)];
    swaps.forEach((swap) => sut.apply(swap));

    expect(sut.ranked(new Set(['bot'])).map((stats) => [stats.wallet, stats.realisedPnlUsd])).toEqual([
      ['early', 700],
      ['late', -300],
    ]);
  });

  it('applies a swap once, and realises nothing on a sell of tokens it never saw bought or on an unpriced trade', () => {
    const sut = new WalletBook();
    const sell = trade('1', 'w', 'sell', 1, 100);
    [sell, sell, { ...trade('2', 'w', 'buy', 1, 100), priceInUsd: undefined }].forEach((swap) => sut.apply(swap));

    expect(sut.ranked()[0]).toMatchObject({ realisedPnlUsd: 0, closedSells: 0, tradeCount: 2, volumeUsd: 100 });
  });
});
