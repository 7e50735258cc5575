import { Logger } from '@nestjs/common';
import type { MarketMetrics } from '../../market-metrics';
import type { MarketStateRepository } from '../../store/market-state.repository';
import type { WatchedContract } from '../../watchlist';
import type { PublicClient } from 'viem';
import { BackfillIncompleteError, type MarketSource, type SourceBatch, type TickDraft } from '../market-source';
import { aggregatorAbi, uniswapV2PairAbi, uniswapV3PoolAbi } from './abis';
import type { LazyChainClients } from './lazy-chain-clients';
import { resolveContract, type PricedContract, type ResolvedContract } from './contract-resolver';
import { ContractScanner, jsonSafe, type OpenWindow } from './contract-scanner';
import { units, v2Price, v3Price } from '@pum/guidance';

export interface OnChainSettings {
  pollIntervalMs: number;
  confirmations: number;
  backfillBlocks: number;
  maxBlockRange: number;
  windowSeconds: number;
  /** `chainId:address` of tokens worth one dollar. */
  usdTokens: ReadonlySet<string>;
}

/** Block ranges read per scan: bounds the memory and time of one round. */
const RANGES_PER_SCAN = 10;

interface Watched {
  contract: WatchedContract;
  role: 'pool' | 'feed';
  /** Set once the contract is deployed and read; absent before. */
  resolved?: Exclude<ResolvedContract, { kind: 'not-deployed' }>;
}

/**
 * Uniswap V2 pairs, V3 pools and Chainlink-style feeds on the chains with a configured RPC URL.
 * First sight: `ONCHAIN_BACKFILL_BLOCKS` of events, then the contract's current state (reserves,
 * slot0, latestRoundData); each round: the events since its block cursor (Postgres), up to the head
 * less `ONCHAIN_CONFIRMATIONS`. A contract that cannot be priced in USD is logged once and skipped.
 */
export class OnChainSource implements MarketSource {
  readonly name = 'onchain';
  readonly pollIntervalMs: number;
  private readonly logger = new Logger(OnChainSource.name);
  private readonly contracts = new Map<string, Watched>();
  private readonly scanners = new Map<PublicClient, ContractScanner>();

  constructor(
    private readonly settings: OnChainSettings,
    watched: { pools: WatchedContract[]; feeds: WatchedContract[] },
    private readonly clients: LazyChainClients,
    private readonly state: MarketStateRepository,
    private readonly metrics: MarketMetrics,
  ) {
    this.pollIntervalMs = settings.pollIntervalMs;
    watched.pools.forEach((contract) => this.contracts.set(`pool:${contract.chainId}:${contract.address}`, { contract, role: 'pool' }));
    watched.feeds.forEach((contract) => this.contracts.set(`feed:${contract.chainId}:${contract.address}`, { contract, role: 'feed' }));
  }

  watched(): Promise<string[]> {
    return Promise.resolve([...this.contracts.keys()]);
  }

  async *backfill(key: string): AsyncIterable<SourceBatch> {
    const watched = this.contracts.get(key);
    if (!watched) return;
    if (!(await this.clients.client(watched.contract.chainId))) throw new BackfillIncompleteError(key, `chain ${watched.contract.chainId}: no RPC endpoint serves it (yet): set CHAIN_<NAME>_RPC_ENDPOINTS for it in the networks file, or ONCHAIN_RPC_URLS`);
    const priced = await this.priced(key);
    if (!priced) {
      if (watched.resolved === undefined) throw new BackfillIncompleteError(key, `eth_getCode ${watched.contract.chainId}:${watched.contract.address} (no contract there yet)`);
      return;
    }
    const { chainId, address } = priced.contract;
    const head = await this.safeHead(chainId);
    let cursor = head - BigInt(this.settings.backfillBlocks) - 1n;
    if (cursor < -1n) cursor = -1n;
    let open: OpenWindow | null = null;
    while (cursor < head) {
      const batch = await this.scanBatch(priced, cursor + 1n, minBig(head, cursor + this.scanSpan()), open);
      ({ cursor, open } = batch);
      yield batch.batch;
    }
    yield await this.currentState(priced, head);
    this.logger.log({ msg: 'on-chain contract backfilled', chain_id: chainId, address, kind: priced.kind, to_block: head.toString() });
  }

  async *poll(keys: ReadonlySet<string>): AsyncIterable<SourceBatch> {
    for (const key of keys) {
      const watched = this.contracts.get(key);
      if (!watched || !(await this.clients.client(watched.contract.chainId))) continue;
      const priced = await this.priced(key);
      if (!priced) continue;
      const { chainId, address } = priced.contract;
      const saved = await this.state.contractCursor(chainId, address);
      const head = await this.safeHead(chainId);
      if (saved === undefined || saved.block >= head) continue;
      yield (await this.scanBatch(priced, saved.block + 1n, minBig(head, saved.block + this.scanSpan()), saved.open)).batch;
    }
  }

  private scanSpan(): bigint {
    return BigInt(this.settings.maxBlockRange * RANGES_PER_SCAN);
  }

  private async scanBatch(priced: PricedContract, from: bigint, to: bigint, open: OpenWindow | null): Promise<{ batch: SourceBatch; cursor: bigint; open: OpenWindow | null }> {
    const { chainId, address } = priced.contract;
    const result = await (await this.scanner(chainId)).scan(priced, from, to, open);
    const batch: SourceBatch = {
      raw: result.events.length > 0 ? { request: `eth_getLogs ${chainId}:${address} ${from}-${to}`, fetchedAt: new Date().toISOString(), body: result.events } : null,
      ticks: result.ticks,
      afterPublish: () => this.state.saveContractCursor(chainId, address, result.cursor, result.open),
    };
    return { batch, cursor: result.cursor, open: result.open };
  }

  /** The contract's state at `head`: a tick even for a pool that has not traded in the backfill window. */
  private async currentState(priced: PricedContract, head: bigint): Promise<SourceBatch> {
    const client = await this.client(priced.contract.chainId);
    const { address } = priced.contract;
    const base = (await this.scanner(priced.contract.chainId)).base(priced);
    const ticks: TickDraft[] = [];
    let request: string;
    let body: unknown;
    switch (priced.kind) {
      case 'chainlink': {
        const [roundId, answer, , updatedAt] = await client.readContract({ address, abi: aggregatorAbi, functionName: 'latestRoundData', blockNumber: head });
        request = 'latestRoundData';
        body = { roundId, answer, updatedAt };
        if (answer >= 0n && updatedAt > 0n) ticks.push({ ...base, metric: 'price', value: units(answer, priced.decimals), timestamp: new Date(Number(updatedAt) * 1000).toISOString() });
        break;
      }
      case 'uniswap-v2': {
        const [reserve0, reserve1, blockTimestampLast] = await client.readContract({ address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: head });
        request = 'getReserves';
        body = { reserve0, reserve1, blockTimestampLast };
        // getReserves says when the reserves last changed: the time this price became true.
        const timestamp = new Date(blockTimestampLast * 1000).toISOString();
        const price = v2Price([reserve0, reserve1], priced.pair);
        if (price !== undefined && blockTimestampLast > 0) {
          ticks.push({ ...base, metric: 'price', value: price, timestamp });
          ticks.push({ ...base, metric: 'tvl', value: 2 * units(priced.pair.usdIndex === 0 ? reserve0 : reserve1, priced.pair.decimals[priced.pair.usdIndex]), timestamp });
        }
        break;
      }
      case 'uniswap-v3': {
        const [sqrtPriceX96] = await client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'slot0', blockNumber: head });
        const block = await client.getBlock({ blockNumber: head });
        request = 'slot0';
        body = { sqrtPriceX96 };
        const price = v3Price(sqrtPriceX96, priced.pair);
        if (price !== undefined) ticks.push({ ...base, metric: 'price', value: price, timestamp: new Date(Number(block.timestamp) * 1000).toISOString() });
        break;
      }
    }
    return { raw: { request: `eth_call ${priced.contract.chainId}:${address} ${request} @${head}`, fetchedAt: new Date().toISOString(), body: jsonSafe(body) }, ticks };
  }

  /** The contract resolved (once); undefined when it cannot be priced in USD (logged once) or has no code yet (asked again next time). */
  private async priced(key: string): Promise<PricedContract | undefined> {
    const watched = this.contracts.get(key);
    if (!watched) return undefined;
    if (!watched.resolved) {
      const resolved = await resolveContract(await this.client(watched.contract.chainId), watched.contract, watched.role, this.settings.usdTokens);
      // Not deployed yet: nothing is remembered, so the next round asks again.
      if (resolved.kind === 'not-deployed') return undefined;
      watched.resolved = resolved;
      if (watched.resolved.kind === 'unpriceable') {
        this.metrics.skipped.inc({ source: this.name, reason: 'unpriceable' });
        this.logger.warn({ msg: 'on-chain contract cannot be priced in USD; skipped', chain_id: watched.contract.chainId, address: watched.contract.address, reason: watched.resolved.reason });
      }
    }
    return watched.resolved.kind === 'unpriceable' ? undefined : watched.resolved;
  }

  private async safeHead(chainId: number): Promise<bigint> {
    const head = (await (await this.client(chainId)).getBlockNumber({ cacheTime: 0 })) - BigInt(this.settings.confirmations);
    return head < 0n ? 0n : head;
  }

  private async client(chainId: number): Promise<PublicClient> {
    const client = await this.clients.client(chainId);
    if (!client) throw new Error(`no RPC endpoint serves chain ${chainId}: set CHAIN_<NAME>_RPC_ENDPOINTS for it in the networks file, or ONCHAIN_RPC_URLS`);
    return client;
  }

  private async scanner(chainId: number): Promise<ContractScanner> {
    const client = await this.client(chainId);
    let scanner = this.scanners.get(client);
    if (!scanner) {
      scanner = new ContractScanner(client, { maxBlockRange: this.settings.maxBlockRange, windowSeconds: this.settings.windowSeconds });
      this.scanners.set(client, scanner);
    }
    return scanner;
  }
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
