import type { PricedSwap } from './wallet-book';

/** One step of a generated market: a swap, or a token's price at a time. In time order. */
export type ScenarioEvent = { kind: 'swap'; swap: PricedSwap } | { kind: 'price'; token: string; priceUsd: number; at: number };

export type WalletKind = 'informed' | 'random' | 'bot';

export interface SmartMoneyScenario {
  events: ScenarioEvent[];
  /** The kind each wallet was generated as: the ground truth a ranking is judged by. */
  kinds: Map<string, WalletKind>;
}

export interface ScenarioOptions {
  seed: number;
  informed?: number;
  random?: number;
  bots?: number;
  days?: number;
  /** Chance that an informed wallet trades ahead of a given rise (otherwise it sits it out). */
  foresight?: number;
}

export const SCENARIO_TOKEN = 'tkn';
export const SCENARIO_USD = 'usd';
const HOUR = 3600;
const FEE = 0.003;

/**
 * A seeded market of one token against USD (docs/analytics.md, "generated scenario"): an hourly random walk (σ 1 % an
 * hour) with a large move every ~3 days, a rise or a drop of 12–25 % over 3 hours. Informed wallets buy 1–12 h before
 * a rise (with probability `foresight`) and sell 1–2 days after, and make up to 7 random round trips besides; random wallets buy at random times and sell 6–72 h
 * later; bots trade three times in one block, over and over. Every trade pays a 0.3 % fee.
 *
 * @example const { events, kinds } = smartMoneyScenario({ seed: 1 });
 */
export function smartMoneyScenario(options: ScenarioOptions): SmartMoneyScenario {
  const rand = mulberry32(options.seed);
  const { informed = 20, random = 80, bots = 5, days = 60, foresight = 0.7 } = options;
  const hours = days * 24;
  const start = 1_700_000_000;
  // The price path, and the hours where a rise starts.
  const prices: number[] = [];
  const rises: number[] = [];
  let price = 100;
  let moveLeft = 0;
  let moveStep = 0;
  for (let h = 0; h < hours; h++) {
    if (moveLeft === 0 && h > 24 && h < hours - 72 && rand() < 1 / 72) {
      const size = 0.12 + rand() * 0.13;
      const up = rand() < 0.5;
      if (up) rises.push(h);
      moveLeft = 3;
      moveStep = Math.log(up ? 1 + size : 1 - size) / 3;
    }
    const drift = moveLeft > 0 ? moveStep : 0;
    if (moveLeft > 0) moveLeft -= 1;
    price *= Math.exp(drift + 0.01 * gaussian(rand));
    prices.push(price);
  }
  const priceAt = (at: number) => prices[Math.min(hours - 1, Math.max(0, Math.floor((at - start) / HOUR)))] as number;
  const swaps: PricedSwap[] = [];
  const kinds = new Map<string, WalletKind>();
  let n = 0;
  const trade = (wallet: string, side: 'buy' | 'sell', at: number, usd: number, block?: number, tx?: string) => {
    const p = priceAt(at);
    const swap: PricedSwap =
      side === 'buy'
        ? { swapId: `s${n++}`, wallet, tokenIn: SCENARIO_USD, tokenOut: SCENARIO_TOKEN, amountIn: usd, amountOut: (usd / p) * (1 - FEE), priceInUsd: 1, at }
        : { swapId: `s${n++}`, wallet, tokenIn: SCENARIO_TOKEN, tokenOut: SCENARIO_USD, amountIn: usd / p, amountOut: usd * (1 - FEE), priceOutUsd: 1, at };
    swaps.push(block === undefined ? swap : { ...swap, blockNumber: block, transactionHash: tx ?? swap.swapId });
  };
  const time = (hour: number) => start + Math.floor(hour * HOUR);

  for (let i = 0; i < informed; i++) {
    const wallet = `informed-${i}`;
    kinds.set(wallet, 'informed');
    for (const rise of rises) {
      if (rand() >= foresight) continue;
      const usd = 1_000 + rand() * 9_000;
      const buyAt = rise - 1 - rand() * 11;
      const sellAt = rise + 24 + rand() * 24;
      if (buyAt < 0 || sellAt >= hours) continue;
      trade(wallet, 'buy', time(buyAt), usd);
      trade(wallet, 'sell', time(sellAt), usd * (priceAt(time(sellAt)) / priceAt(time(buyAt))) * (1 - FEE));
    }
  }
  const randomTrades = (wallet: string, count: number) => {
    for (let k = 0; k < count; k++) {
      const usd = 1_000 + rand() * 9_000;
      const buyAt = rand() * (hours - 80);
      const sellAt = buyAt + 6 + rand() * 66;
      trade(wallet, 'buy', time(buyAt), usd);
      trade(wallet, 'sell', time(sellAt), usd * (priceAt(time(sellAt)) / priceAt(time(buyAt))) * (1 - FEE));
    }
  };
  // Informed wallets also trade at random now and then: their edge is in part of their trades only.
  for (let i = 0; i < informed; i++) randomTrades(`informed-${i}`, Math.floor(rand() * 8));
  for (let i = 0; i < random; i++) {
    const wallet = `random-${i}`;
    kinds.set(wallet, 'random');
    randomTrades(wallet, 3 + Math.floor(rand() * 20));
  }
  for (let i = 0; i < bots; i++) {
    const wallet = `bot-${i}`;
    kinds.set(wallet, 'bot');
    for (let k = 0; k < 20; k++) {
      const at = time(rand() * (hours - 1));
      const block = Math.floor((at - start) / 12);
      trade(wallet, 'buy', at, 5_000, block, `${wallet}-${k}-a`);
      trade(wallet, 'sell', at, 5_000, block, `${wallet}-${k}-b`);
      trade(wallet, 'buy', at, 5_000, block, `${wallet}-${k}-c`);
    }
  }

  const events: ScenarioEvent[] = [
    ...swaps.map((swap) => ({ kind: 'swap' as const, swap })),
    ...prices.map((priceUsd, h) => ({ kind: 'price' as const, token: SCENARIO_TOKEN, priceUsd, at: time(h + 1) - 1 })),
    { kind: 'price', token: SCENARIO_USD, priceUsd: 1, at: start },
  ];
  const atOf = (event: ScenarioEvent) => (event.kind === 'swap' ? (event.swap.at ?? 0) : event.at);
  events.sort((a, b) => atOf(a) - atOf(b) || (a.kind === b.kind ? 0 : a.kind === 'price' ? -1 : 1));
  return { events, kinds };
}

/** A small seeded PRNG (mulberry32): the same seed, the same scenario. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
