import type { PublicClient } from 'viem';
import type { TickDraft } from '../market-source';
import { aggregatorAbi, erc20Abi, uniswapV2PairAbi, uniswapV3PoolAbi } from './abis';
import type { PricedContract } from './contract-resolver';
import { units, usdVolume, v2Price, v3Price } from '@pum/guidance';

/** A volume window not closed yet at the cursor: its start (unix seconds) and the USD summed so far. */
export interface OpenWindow {
  start: number;
  volume: number;
}

/** What a block range of one contract produced. */
export interface ScanResult {
  ticks: TickDraft[];
  /** Last block read (the range's end): every event up to it is in `ticks` or in `open`. */
  cursor: bigint;
  /** The volume window still open at `cursor`, to carry into the next scan; null when none. */
  open: OpenWindow | null;
  /** The decoded events, JSON-safe, for `market.raw.v1`. */
  events: Record<string, unknown>[];
}

interface DecodedLog {
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: `0x${string}`;
}

const EVENTS = {
  'uniswap-v2': uniswapV2PairAbi.filter((item) => item.type === 'event'),
  'uniswap-v3': uniswapV3PoolAbi.filter((item) => item.type === 'event'),
  chainlink: aggregatorAbi.filter((item) => item.type === 'event'),
} as const;

/**
 * Reads one pool's or feed's events over a block range and turns them into ticks:
 * - V2 `Sync`: the other token's USD price and the pool's TVL (twice its USD reserve);
 * - V3 `Swap`: the price after the swap, and the TVL (both token balances, valued) at its block;
 *   V3 `Mint`/`Burn`: the TVL at its block, valued at the pool's price then (slot0);
 * - Chainlink `AnswerUpdated`: the answer at its `updatedAt`;
 * - swaps: USD volume summed over fixed windows (`windowSeconds`), stamped with the window's end
 *   and published only once a block at or past that end has been read. The window still open at the
 *   range's end is returned with its running sum (the caller persists it with the cursor) and carried
 *   into the next scan, so the cursor always advances, however long the window is in blocks.
 */
export class ContractScanner {
  constructor(
    private readonly client: PublicClient,
    private readonly options: { maxBlockRange: number; windowSeconds: number },
  ) {}

  async scan(priced: PricedContract, from: bigint, to: bigint, open: OpenWindow | null): Promise<ScanResult> {
    const logs = await this.logs(priced, from, to);
    const at = await this.blockTimes([...new Set([...logs.map((log) => log.blockNumber), to])]);
    const ticks: TickDraft[] = [];
    const windows = new Map<number, number>(open === null ? [] : [[open.start, open.volume]]);
    const base = this.base(priced);
    for (const log of logs) {
      const seconds = at(log.blockNumber);
      if (priced.kind === 'chainlink') {
        if (log.eventName !== 'AnswerUpdated') continue;
        const answer = log.args.current as bigint;
        if (answer >= 0n) ticks.push({ ...base, metric: 'price', value: units(answer, priced.decimals), timestamp: iso(Number(log.args.updatedAt as bigint)) });
        continue;
      }
      if (priced.kind === 'uniswap-v2' && log.eventName === 'Sync') {
        const reserves: [bigint, bigint] = [log.args.reserve0 as bigint, log.args.reserve1 as bigint];
        const price = v2Price(reserves, priced.pair);
        if (price !== undefined) ticks.push({ ...base, metric: 'price', value: price, timestamp: iso(seconds) });
        ticks.push({ ...base, metric: 'tvl', value: 2 * units(reserves[priced.pair.usdIndex], priced.pair.decimals[priced.pair.usdIndex]), timestamp: iso(seconds) });
        continue;
      }
      if (priced.kind === 'uniswap-v3' && (log.eventName === 'Mint' || log.eventName === 'Burn')) {
        const [sqrtPriceX96] = await this.client.readContract({ address: priced.contract.address, abi: uniswapV3PoolAbi, functionName: 'slot0', blockNumber: log.blockNumber });
        const price = v3Price(sqrtPriceX96, priced.pair);
        if (price !== undefined) ticks.push({ ...base, metric: 'tvl', value: await this.v3Tvl(priced, price, log.blockNumber), timestamp: iso(seconds) });
        continue;
      }
      if (log.eventName !== 'Swap') continue;
      const amounts: [bigint, bigint] =
        priced.kind === 'uniswap-v2'
          ? [(log.args.amount0In as bigint) + (log.args.amount0Out as bigint), (log.args.amount1In as bigint) + (log.args.amount1Out as bigint)]
          : [log.args.amount0 as bigint, log.args.amount1 as bigint];
      const start = Math.floor(seconds / this.options.windowSeconds) * this.options.windowSeconds;
      windows.set(start, (windows.get(start) ?? 0) + usdVolume(amounts, priced.pair));
      if (priced.kind === 'uniswap-v3') {
        const price = v3Price(log.args.sqrtPriceX96 as bigint, priced.pair);
        if (price !== undefined) {
          ticks.push({ ...base, metric: 'price', value: price, timestamp: iso(seconds) });
          ticks.push({ ...base, metric: 'tvl', value: await this.v3Tvl(priced, price, log.blockNumber), timestamp: iso(seconds) });
        }
      }
    }
    // Only the window holding `to`'s time can still be open: every swap read is at or before it.
    let stillOpen: OpenWindow | null = null;
    for (const [start, volume] of windows) {
      const end = start + this.options.windowSeconds;
      if (end <= at(to)) ticks.push({ ...base, metric: 'volume', value: volume, timestamp: iso(end), windowSeconds: this.options.windowSeconds });
      else stillOpen = { start, volume };
    }
    return { ticks, cursor: to, open: stillOpen, events: logs.map((log) => jsonSafe({ event: log.eventName, block: log.blockNumber, logIndex: log.logIndex, tx: log.transactionHash, args: log.args }) as Record<string, unknown>) };
  }

  /** The tick fields every tick of this contract shares. */
  base(priced: PricedContract): Omit<TickDraft, 'metric' | 'value' | 'timestamp'> {
    const { chainId, address, protocolId } = priced.contract;
    return { subject: { type: 'pool', id: `${chainId}:${address}` }, source: priced.kind, protocolId, chainId, windowSeconds: null };
  }

  private async logs(priced: PricedContract, from: bigint, to: bigint): Promise<DecodedLog[]> {
    const all: DecodedLog[] = [];
    for (let start = from; start <= to; start += BigInt(this.options.maxBlockRange)) {
      const end = start + BigInt(this.options.maxBlockRange) - 1n < to ? start + BigInt(this.options.maxBlockRange) - 1n : to;
      const logs = await this.client.getLogs({ address: priced.contract.address, events: EVENTS[priced.kind], fromBlock: start, toBlock: end, strict: true });
      for (const log of logs) {
        all.push({ eventName: log.eventName, args: log.args as Record<string, unknown>, blockNumber: log.blockNumber, logIndex: log.logIndex, transactionHash: log.transactionHash });
      }
    }
    return all;
  }

  /**
   * The time (unix seconds) of each of `blocks`, as a lookup that throws for a block it lacks: a
   * tick or window stamped with a made-up time (0 is 1970) would be published for good, while a
   * thrown scan is tried again next round.
   */
  private async blockTimes(blocks: bigint[]): Promise<(block: bigint) => number> {
    const times = new Map<bigint, number>();
    for (const blockNumber of blocks) {
      const { timestamp } = await this.client.getBlock({ blockNumber });
      // viem leaves it undefined when the node's block has none, whatever the type says.
      if (typeof timestamp !== 'bigint') throw new Error(`block ${blockNumber}: the node answered without a timestamp`);
      times.set(blockNumber, Number(timestamp));
    }
    return (block) => {
      const seconds = times.get(block);
      if (seconds === undefined) throw new Error(`block ${block}: no timestamp read in this scan`);
      return seconds;
    };
  }

  /** A V3 pool's TVL at a block: its USD token balance plus its other token's balance at `price`. */
  private async v3Tvl(priced: Extract<PricedContract, { tokens: unknown }>, price: number, blockNumber: bigint): Promise<number> {
    const balances = await Promise.all(priced.tokens.map((token) => this.client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [priced.contract.address], blockNumber })));
    const { usdIndex, decimals } = priced.pair;
    return units(balances[usdIndex], decimals[usdIndex]) + units(balances[1 - usdIndex], decimals[1 - usdIndex]) * price;
  }
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Bigints as decimal strings, so a value can travel as JSON. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonSafe(inner)]));
  return value;
}
