import { smartMoneyScenario } from './smart-money-scenario';
import { WalletBook, leadOutcome, type PricedSwap } from './wallet-book';

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

describe('WalletBook on a generated scenario', () => {
  it('ranks wallets that buy ahead of large rises above random traders, and labels bots instead of ranking them', () => {
    const { events, kinds } = smartMoneyScenario({ seed: 7 });
    const sut = new WalletBook();
    for (const event of events) {
      if (event.kind === 'swap') sut.apply(event.swap);
      else sut.mark(event.token, event.priceUsd, event.at);
    }

    const ranked = sut.ranked();
    const informed = [...kinds].filter(([, kind]) => kind === 'informed').length;
    const top = ranked.slice(0, informed).filter((stats) => kinds.get(stats.wallet) === 'informed').length;
    expect(top / informed).toBeGreaterThanOrEqual(0.8);
    const meanRank = (kind: string) => {
      const ranks = ranked.flatMap((stats, i) => (kinds.get(stats.wallet) === kind ? [i + 1] : []));
      return ranks.reduce((a, b) => a + b, 0) / ranks.length;
    };
    expect(meanRank('informed')).toBeLessThan(meanRank('random') / 2);
    expect(ranked.some((stats) => kinds.get(stats.wallet) === 'bot')).toBe(false);
    expect(sut.stats().filter((stats) => stats.bot).map((stats) => kinds.get(stats.wallet))).toEqual(['bot', 'bot', 'bot', 'bot', 'bot']);
    const aheadRate = (kind: string) => {
      const all = sut.stats().filter((stats) => kinds.get(stats.wallet) === kind);
      return all.reduce((a, s) => a + s.buysAhead, 0) / all.reduce((a, s) => a + s.buysEvaluated, 0);
    };
    expect(aheadRate('informed')).toBeGreaterThan(0.6);
    expect(aheadRate('random')).toBeLessThan(0.3);
  });
});

describe('the lead window', () => {
  const buy = { swapId: 'b', wallet: 'w', token: 't', priceUsd: 100, valueUsd: 1000, at: 1_000 };

  it('counts a rise of the move size within the window as ahead, and decides a buy missed only after the window', () => {
    expect(leadOutcome(buy, 110.01, 1_000 + 3_600)).toBe('ahead');
    expect(leadOutcome(buy, 109, 1_000 + 3_600)).toBe('open');
    expect(leadOutcome(buy, 200, 1_000)).toBe('open');
    expect(leadOutcome(buy, 200, 1_000 + 24 * 3_600 + 1)).toBe('missed');
  });

  it('values open lots at the latest price as unrealised PnL', () => {
    const sut = new WalletBook();
    sut.apply(trade('1', 'w', 'buy', 2, 100));
    sut.mark('eth', 150, 10);

    expect(sut.ranked()[0]).toMatchObject({ realisedPnlUsd: 0, unrealisedPnlUsd: 100, winRate: null });
  });
});
