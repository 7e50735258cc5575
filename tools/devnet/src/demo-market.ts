/**
 * The demo market: a token, a dollar, a Uniswap V2 pair and a V3 pool of the two, and a Chainlink-style DEMO / USD
 * feed, so that on the devnet ingest-market has prices, TVL and volume to publish and the forecast service series
 * to fit. config/protocols.yaml lists the pair, the pool and the feed (`demo-dao`); scripts/start.sh names the dollar
 * in ONCHAIN_USD_TOKENS.
 *
 * DEMO_MARKET_ACCOUNT deploys, in this order, so the addresses are the same on every fresh devnet whatever else runs:
 * nonce 0 dUSD (6 decimals), 1 DEMO (18 decimals), 2 the feed (8 decimals) with HISTORY_DAYS daily rounds dated in
 * the past (a feed that has been live for a while: the forecast service gets enough returns to fit GARCH on the
 * first run), 3 Uniswap's V2 factory, 4 its V3 factory, 5 the V3 caller; then the pair and the 0.3% pool, seeded at
 * the feed's price. On a devnet where that account has sent transactions already, the market is found, not deployed
 * again, so every scenario run trades in the pools the registry names.
 */
import { getAddress, getContractAddress, keccak256, toHex, type Address } from 'viem';
import { devnetClients, type DevnetClients } from './clients';
import { deployErc20 } from './erc20';
import { deployPriceFeed, latestFeedRound, submitFeedAnswer, type FeedRound } from './price-feed';
import {
  UNISWAP_V3_FEE,
  createUniswapV2Pair,
  createUniswapV3Pool,
  deployUniswapV2Factory,
  deployUniswapV3Caller,
  deployUniswapV3Factory,
  priceOfSqrtX96,
  sqrtPriceX96,
  swapUniswapV2,
  swapUniswapV3,
  uniswapV2AmountOut,
  uniswapV2FactoryAbi,
  uniswapV2Reserves,
  uniswapV3FactoryAbi,
  uniswapV3SqrtPrice,
} from './uniswap';

/** Hardhat account that deploys the demo market and trades on it (see clients.ts for who uses which account). */
export const DEMO_MARKET_ACCOUNT = 18;

const USD_DECIMALS = 6;
const TOKEN_DECIMALS = 18;
const FEED_DECIMALS = 8;
/** Days of feed history at deployment: more than the forecast service's FORECAST_MIN_RETURNS (100) daily returns. */
const HISTORY_DAYS = 120;
const DAY_SECONDS = 86_400n;
/** DEMO's price in dollars at the start of the history. */
const START_PRICE = 2.5;
/** The history's daily returns follow a GARCH(1,1) (about 2.4 % a day unconditionally, with volatility clusters). */
const HISTORY_GARCH = { omega: 3e-5, alpha: 0.1, beta: 0.85 };
/** Standard deviation of the log price move of one scenario round. */
const ROUND_VOLATILITY = 0.01;
/** A round's noise trade sells up to this share of the pair's reserve (before the arbitrage to the feed's price). */
const NOISE_TRADE_SHARE = 0.005;
/** Dollars of liquidity on each side of the V2 pair and of the V3 pool. */
const V2_USD_LIQUIDITY = 1_000_000;
const V3_USD_LIQUIDITY = 500_000;
/** A billion of each token to the market account: room for every seed and trade. */
const SUPPLY_TOKENS = 1_000_000_000n;
/** A V3 swap to a target price caps its input far above what it will need; it stops at the price. */
const V3_SWAP_CAP = 2n ** 127n - 1n;

/** The demo market's contracts. */
export interface DemoMarket {
  usdToken: Address;
  token: Address;
  feed: Address;
  v2Factory: Address;
  v3Factory: Address;
  v3Caller: Address;
  v2Pair: Address;
  v3Pool: Address;
}

/** What one round of trading did: the feed's new round and the price each venue shows after it. */
export interface DemoMarketMove {
  feedRound: bigint;
  /** Dollars per DEMO: the feed's new answer, and the pair's and the pool's price after the arbitrage. */
  feedPrice: number;
  v2Price: number;
  v3Price: number;
  /** Swaps made on the pair (the noise trade, and the arbitrage unless the pair was at the price) and on the pool. */
  v2Swaps: number;
  v3Swaps: number;
  block: bigint;
}

/** Clients of the demo market's account. */
export function demoMarketClients(rpcUrl: string): DevnetClients {
  return devnetClients(rpcUrl, { accountIndex: DEMO_MARKET_ACCOUNT });
}

/**
 * Draw `i` of one of the demo's fixed streams of standard normal numbers: two uniforms cut from keccak256 of the
 * stream and index, through Box–Muller. Every fresh devnet gets the same price path. Written here rather than taken
 * from a seeded random-number library: the workspace has none, and these few lines need none.
 */
export function demoNormal(stream: string, i: bigint | number): number {
  const digest = keccak256(toHex(`pum-demo-market:${stream}:${i}`)).slice(2);
  const uniform = (hex: string) => (Number.parseInt(hex, 16) + 0.5) / 2 ** 52; // 13 hex digits: 52 bits, in (0, 1)
  return Math.sqrt(-2 * Math.log(uniform(digest.slice(0, 13)))) * Math.cos(2 * Math.PI * uniform(digest.slice(13, 26)));
}

/** The feed's history: one round a day for HISTORY_DAYS days, the last one a day before `now`. */
export function demoFeedHistory(now: bigint): FeedRound[] {
  const { omega, alpha, beta } = HISTORY_GARCH;
  let variance = omega / (1 - alpha - beta);
  let lastReturn = 0;
  let price = START_PRICE;
  const rounds: FeedRound[] = [];
  for (let day = 0; day < HISTORY_DAYS; day++) {
    variance = omega + alpha * lastReturn ** 2 + beta * variance;
    lastReturn = Math.sqrt(variance) * demoNormal('history', day);
    price *= Math.exp(lastReturn);
    rounds.push({ answer: feedAnswer(price), updatedAt: now - BigInt(HISTORY_DAYS - day) * DAY_SECONDS });
  }
  return rounds;
}

/**
 * The demo market: found where DEMO_MARKET_ACCOUNT deployed it, or deployed now when that account has sent nothing
 * yet. `c` must sign with DEMO_MARKET_ACCOUNT ({@link demoMarketClients}) for the addresses the registry lists.
 *
 * @example const { market, deployed } = await ensureDemoMarket(demoMarketClients(rpcUrl));
 */
export async function ensureDemoMarket(c: DevnetClients): Promise<{ market: DemoMarket; deployed: boolean }> {
  const nonce = await c.publicClient.getTransactionCount({ address: c.account.address, blockTag: 'latest' });
  if (nonce === 0) return { market: await deployDemoMarket(c), deployed: true };
  return { market: await findDemoMarket(c), deployed: false };
}

/** The contracts' addresses: the account's first six creations, and the pair and pool its factories made. */
function predicted(from: Address): Omit<DemoMarket, 'v2Pair' | 'v3Pool'> {
  const at = (nonce: number) => getContractAddress({ from, nonce: BigInt(nonce) });
  return { usdToken: at(0), token: at(1), feed: at(2), v2Factory: at(3), v3Factory: at(4), v3Caller: at(5) };
}

async function deployDemoMarket(c: DevnetClients): Promise<DemoMarket> {
  const expected = predicted(c.account.address);
  const now = (await c.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
  const history = demoFeedHistory(now);
  const usdToken = await deployErc20(c, { name: 'Demo USD', symbol: 'dUSD', decimals: USD_DECIMALS, supply: SUPPLY_TOKENS * 10n ** BigInt(USD_DECIMALS) });
  const token = await deployErc20(c, { name: 'Demo Token', symbol: 'DEMO', decimals: TOKEN_DECIMALS, supply: SUPPLY_TOKENS * 10n ** BigInt(TOKEN_DECIMALS) });
  const feed = await deployPriceFeed(c, { decimals: FEED_DECIMALS, rounds: history });
  const deployed = {
    usdToken: usdToken.address,
    token: token.address,
    feed: feed.address,
    v2Factory: await deployUniswapV2Factory(c),
    v3Factory: await deployUniswapV3Factory(c),
    v3Caller: await deployUniswapV3Caller(c),
  };
  for (const [name, address] of Object.entries(deployed)) {
    if (address !== expected[name as keyof typeof expected]) throw new Error(`demo market: ${name} deployed at ${address}, not at ${expected[name as keyof typeof expected]}: did account ${DEMO_MARKET_ACCOUNT} send something else first?`);
  }

  const latest = history.at(-1);
  if (!latest) throw new Error('demo market: the feed history is empty');
  const price = answerPrice(latest.answer);
  const venue = new Venue(deployed.usdToken, deployed.token);
  const v2 = await createUniswapV2Pair(c, deployed.v2Factory, [deployed.usdToken, venue.usdUnits(V2_USD_LIQUIDITY)], [deployed.token, venue.tokenUnits(V2_USD_LIQUIDITY / price)]);
  const v3 = await createUniswapV3Pool(c, {
    factory: deployed.v3Factory,
    caller: deployed.v3Caller,
    tokens: [deployed.usdToken, deployed.token],
    sqrtPriceX96: sqrtPriceX96(venue.v3Ratio(price)),
    // L = sqrt(x·y) of the two amounts at this price.
    liquidity: BigInt(Math.floor(Math.sqrt(Number(venue.usdUnits(V3_USD_LIQUIDITY)) * Number(venue.tokenUnits(V3_USD_LIQUIDITY / price))))),
  });
  return { ...deployed, v2Pair: v2.pair, v3Pool: v3.pool };
}

async function findDemoMarket(c: DevnetClients): Promise<DemoMarket> {
  const found = predicted(c.account.address);
  const read = c.publicClient.readContract.bind(c.publicClient);
  const [v2Pair, v3Pool] = await Promise.all([
    read({ address: found.v2Factory, abi: uniswapV2FactoryAbi, functionName: 'getPair', args: [found.usdToken, found.token] }).catch(() => undefined),
    read({ address: found.v3Factory, abi: uniswapV3FactoryAbi, functionName: 'getPool', args: [found.usdToken, found.token, UNISWAP_V3_FEE] }).catch(() => undefined),
  ]);
  const market = { ...found, v2Pair: getAddress(v2Pair ?? ZERO), v3Pool: getAddress(v3Pool ?? ZERO) };
  for (const [name, address] of Object.entries(market)) {
    const code = await c.publicClient.getCode({ address });
    if (!code || code === '0x') {
      throw new Error(
        `demo market: account ${DEMO_MARKET_ACCOUNT} (${c.account.address}) has sent transactions, but there is no ${name} at ${address}: ` +
          'it was used for something else, or a deployment was cut short. Restart the devnet (npm run infra:down && npm run infra:up).',
      );
    }
  }
  return market;
}

const ZERO: Address = '0x0000000000000000000000000000000000000000';

/**
 * One round of trading: a noise trade on the V2 pair, a new feed answer (the price moves by a log-normal step),
 * then arbitrage that takes the pair and the pool to the feed's price. Logs `Swap`/`Sync` on the pair, `Swap` on the
 * pool and `AnswerUpdated` on the feed; the draws are keyed by the feed's round, so the path is reproducible.
 *
 * @example const move = await moveDemoMarket(c, market);
 */
export async function moveDemoMarket(c: DevnetClients, market: DemoMarket): Promise<DemoMarketMove> {
  const venue = new Venue(market.usdToken, market.token);
  const last = await latestFeedRound(c, market.feed);
  const round = last.roundId + 1n;
  let v2Swaps = 0;
  let v3Swaps = 0;

  const noise = demoNormal('noise', round);
  const { reserveUsd, reserveToken } = venue.v2Reserves(await uniswapV2Reserves(c, market.v2Pair));
  const noiseIn = Math.min(Math.abs(noise), 3) * NOISE_TRADE_SHARE;
  if (noise >= 0) await swapUniswapV2(c, market.v2Pair, market.usdToken, scaled(reserveUsd, noiseIn));
  else await swapUniswapV2(c, market.v2Pair, market.token, scaled(reserveToken, noiseIn));
  v2Swaps++;

  const feedPrice = answerPrice(last.answer) * Math.exp(ROUND_VOLATILITY * demoNormal('feed', round));
  await submitFeedAnswer(c, market.feed, feedAnswer(feedPrice));

  const arbitrage = await venue.v2AmountToPrice(c, market.v2Pair, feedPrice);
  if (arbitrage) {
    await swapUniswapV2(c, market.v2Pair, arbitrage.tokenIn, arbitrage.amountIn);
    v2Swaps++;
  }
  const target = sqrtPriceX96(venue.v3Ratio(feedPrice));
  const current = await uniswapV3SqrtPrice(c, market.v3Pool);
  if (target !== current) {
    await swapUniswapV3(c, { pool: market.v3Pool, caller: market.v3Caller }, { zeroForOne: target < current, amountIn: V3_SWAP_CAP, sqrtPriceLimitX96: target });
    v3Swaps++;
  }
  const after = venue.v2Reserves(await uniswapV2Reserves(c, market.v2Pair));
  return {
    feedRound: round,
    feedPrice: answerPrice(feedAnswer(feedPrice)),
    v2Price: venue.usdPerToken(after.reserveUsd, after.reserveToken),
    v3Price: venue.priceOfV3Ratio(priceOfSqrtX96(await uniswapV3SqrtPrice(c, market.v3Pool))),
    v2Swaps,
    v3Swaps,
    block: await c.publicClient.getBlockNumber({ cacheTime: 0 }),
  };
}

/** Dollars per DEMO as the feed's answer (FEED_DECIMALS). */
function feedAnswer(price: number): bigint {
  return BigInt(Math.round(price * 10 ** FEED_DECIMALS));
}

function answerPrice(answer: bigint): number {
  return Number(answer) / 10 ** FEED_DECIMALS;
}

/** `share` of `amount` (base units), at least 1. */
function scaled(amount: bigint, share: number): bigint {
  const out = BigInt(Math.floor(Number(amount) * share));
  return out > 0n ? out : 1n;
}

/** Converts between dollars per DEMO and what the pair and the pool hold, whichever token sorts first. */
class Venue {
  /** Uniswap orders a pair's tokens by address. */
  private readonly usdIsToken0: boolean;

  constructor(
    private readonly usdToken: Address,
    private readonly token: Address,
  ) {
    this.usdIsToken0 = BigInt(usdToken) < BigInt(token);
  }

  usdUnits(dollars: number): bigint {
    return BigInt(Math.floor(dollars * 10 ** USD_DECIMALS));
  }

  tokenUnits(tokens: number): bigint {
    return BigInt(Math.floor(tokens * 10 ** TOKEN_DECIMALS));
  }

  usdPerToken(usdUnits: bigint, tokenUnits: bigint): number {
    return Number(usdUnits) / 10 ** USD_DECIMALS / (Number(tokenUnits) / 10 ** TOKEN_DECIMALS);
  }

  v2Reserves(r: { reserve0: bigint; reserve1: bigint }): { reserveUsd: bigint; reserveToken: bigint } {
    return this.usdIsToken0 ? { reserveUsd: r.reserve0, reserveToken: r.reserve1 } : { reserveUsd: r.reserve1, reserveToken: r.reserve0 };
  }

  /** A V3 price (token1 per token0, base units) for dollars per DEMO. */
  v3Ratio(price: number): number {
    const usdUnitsPerTokenUnit = (price * 10 ** USD_DECIMALS) / 10 ** TOKEN_DECIMALS;
    return this.usdIsToken0 ? 1 / usdUnitsPerTokenUnit : usdUnitsPerTokenUnit;
  }

  priceOfV3Ratio(ratio: number): number {
    const usdUnitsPerTokenUnit = this.usdIsToken0 ? 1 / ratio : ratio;
    return (usdUnitsPerTokenUnit * 10 ** TOKEN_DECIMALS) / 10 ** USD_DECIMALS;
  }

  /**
   * The trade that takes a V2 pair to `price`: reserves x·y = k move to x' = √(k·p) dollars (p in base units), the
   * input grossed up for the 0.3 % fee; undefined when the pair is already there (less than a cent or a unit off).
   */
  async v2AmountToPrice(c: DevnetClients, pair: Address, price: number): Promise<{ tokenIn: Address; amountIn: bigint } | undefined> {
    const { reserveUsd, reserveToken } = this.v2Reserves(await uniswapV2Reserves(c, pair));
    const k = Number(reserveUsd) * Number(reserveToken);
    const p = (price * 10 ** USD_DECIMALS) / 10 ** TOKEN_DECIMALS;
    const usdAfter = Math.sqrt(k * p);
    const tokenAfter = Math.sqrt(k / p);
    const usdIn = BigInt(Math.floor((usdAfter - Number(reserveUsd)) / 0.997));
    const tokenIn = BigInt(Math.floor((tokenAfter - Number(reserveToken)) / 0.997));
    if (usdIn >= this.usdUnits(0.01) && uniswapV2AmountOut(usdIn, reserveUsd, reserveToken) > 0n) return { tokenIn: this.usdToken, amountIn: usdIn };
    if (tokenIn > 0n && uniswapV2AmountOut(tokenIn, reserveToken, reserveUsd) >= this.usdUnits(0.01)) return { tokenIn: this.token, amountIn: tokenIn };
    return undefined;
  }
}
