import { TOPICS, chainLogMessageId, type ChainLog, type EventStatus, type MessageOf } from '@pum/contracts';
import { EventPublisher, MetricsService } from '@pum/platform';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { numberToHex, type Hex, type PublicClient } from 'viem';
import { CHAIN_CLIENT } from '../chain-client';
import { WATCHED_TOPICS } from '../decoding/eip1967';
import { INGEST_CONFIG, type IngestSettings } from '../ingest-settings';
import { AdaptiveRange, isRangeTooLarge } from './adaptive-range';
import { ChainStateRepository, type BlockRef, type RecentBlock } from './chain-state.repository';

const PROGRESS_EVERY_MS = 5_000;
/** Block headers fetched at once for log timestamps. */
const TIMESTAMP_CONCURRENCY = 8;

/** A final block range, fetched and ready to publish. */
interface FinalRange {
  from: bigint;
  to: bigint;
  last: BlockRef;
  logs: ChainLog[];
}

interface RangeFetch {
  from: bigint;
  result: Promise<FinalRange>;
}

/** Rates of the backfill under way (final blocks ingested by range), for logs and metrics. */
interface BackfillProgress {
  startedAt: number;
  fromBlock: bigint;
  blocks: number;
  logs: number;
  lastReportAt: number;
}

export const SOURCE = 'ingest-chain';

interface RpcLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  blockHash: Hex;
  transactionHash: Hex;
  transactionIndex: Hex;
  logIndex: Hex;
  removed?: boolean;
}

/**
 * Follows one chain and publishes its watched logs raw to `chain.logs.raw.v1`:
 * - below the finality depth (backfill), by block range, once, as `confirmed`;
 * - in the unfinalized window, block by block (checking each parent hash), as `pending` at first
 *   sight and again as `confirmed` once `confirmations` blocks deep;
 * - on a reorg (the checkpoint block or a parent hash no longer matches the chain), as `retracted`
 *   for every log of every block that left the canonical chain, then ingestion resumes from the
 *   common ancestor on the new branch.
 * Messages are published before the state that records them is saved, so a crash re-publishes
 * (same ids; consumers upsert) and never skips.
 */
@Injectable()
export class LogPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LogPoller.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopping = false;
  private readonly head: Gauge;
  private readonly ingested: Gauge;
  private readonly logsPublished: Counter;
  private readonly reorgs: Counter;
  private readonly pollErrors: Counter;
  private readonly backfillRate: Gauge;
  private readonly backfillEta: Gauge;
  private readonly backfillRange: Gauge;
  private range?: AdaptiveRange;
  private backfillProgress?: BackfillProgress;

  constructor(
    @Inject(CHAIN_CLIENT) private readonly client: PublicClient,
    @Inject(INGEST_CONFIG) private readonly settings: IngestSettings,
    private readonly state: ChainStateRepository,
    private readonly publisher: EventPublisher,
    metrics: MetricsService,
  ) {
    const registers = [metrics.registry];
    this.head = new Gauge({ name: 'pum_chain_head_block', help: 'Latest block the RPC reported.', labelNames: ['chain_id'], registers });
    this.ingested = new Gauge({ name: 'pum_chain_ingested_block', help: 'Last block fully ingested (checkpoint).', labelNames: ['chain_id'], registers });
    this.logsPublished = new Counter({ name: 'pum_chain_logs_published_total', help: 'Raw log messages published, by status.', labelNames: ['chain_id', 'status'], registers });
    this.reorgs = new Counter({ name: 'pum_chain_reorgs_total', help: 'Reorgs detected.', labelNames: ['chain_id'], registers });
    this.pollErrors = new Counter({ name: 'pum_chain_poll_errors_total', help: 'Failed poll rounds.', labelNames: ['chain_id'], registers });
    this.backfillRate = new Gauge({ name: 'pum_chain_backfill_blocks_per_second', help: 'Backfill speed (final blocks by range).', labelNames: ['chain_id'], registers });
    this.backfillEta = new Gauge({ name: 'pum_chain_backfill_eta_seconds', help: 'Estimated time until backfill reaches the finalized head.', labelNames: ['chain_id'], registers });
    this.backfillRange = new Gauge({ name: 'pum_chain_backfill_block_range', help: 'Current adaptive eth_getLogs block range.', labelNames: ['chain_id'], registers });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.current = this.pollOnce()
        .catch((error: unknown) => {
          this.pollErrors.inc({ chain_id: this.settings.chainId });
          this.logger.warn({ msg: 'poll failed; will retry', chain_id: this.settings.chainId, error: error instanceof Error ? error.message : String(error) });
        })
        .finally(() => this.schedule(this.settings.pollIntervalMs));
    }, delayMs);
  }

  /** Brings the published view up to the chain head: reorgs, new blocks, confirmations. */
  async pollOnce(): Promise<void> {
    const { chainId, confirmations, finalityDepth } = this.settings;
    const head = await this.client.getBlockNumber({ cacheTime: 0 });
    this.head.set({ chain_id: chainId }, Number(head));
    let tip = await this.state.tip(chainId);
    if (tip && !(await this.isCanonical(tip, head))) tip = await this.handleReorg(head);
    while (!this.stopping) {
      const from = tip ? tip.number + 1n : this.startBlock(head);
      if (from > head) break;
      const finalized = head - BigInt(finalityDepth);
      if (from <= finalized) {
        tip = (await this.backfill(from, finalized)) ?? tip;
        continue;
      }
      if (this.backfillProgress) this.finishBackfill();
      const block = await this.client.getBlock({ blockNumber: from });
      if (tip && block.parentHash !== tip.hash) {
        tip = await this.handleReorg(head);
        continue;
      }
      tip = await this.ingestBlock({ number: from, hash: block.hash, parentHash: block.parentHash, timestamp: Number(block.timestamp) }, head - from >= BigInt(confirmations));
    }
    await this.confirmUpTo(head - BigInt(confirmations));
    await this.state.prune(chainId, head - BigInt(finalityDepth));
  }

  private reportBackfill(from: bigint, to: bigint, finalized: bigint): void {
    const now = Date.now();
    const progress = this.backfillProgress;
    if (!progress) return;
    progress.blocks += Number(to - from + 1n);
    const seconds = Math.max((now - progress.startedAt) / 1000, 1e-3);
    const blocksPerSecond = progress.blocks / seconds;
    const etaSeconds = Number(finalized - to) / Math.max(blocksPerSecond, 1e-9);
    this.backfillRate.set({ chain_id: this.settings.chainId }, blocksPerSecond);
    this.backfillEta.set({ chain_id: this.settings.chainId }, etaSeconds);
    if (now - progress.lastReportAt < PROGRESS_EVERY_MS) return;
    progress.lastReportAt = now;
    this.logger.log({
      msg: 'backfill progress',
      chain_id: this.settings.chainId,
      at_block: to.toString(),
      finalized_head: finalized.toString(),
      blocks_per_second: Math.round(blocksPerSecond),
      events_per_second: Math.round(progress.logs / seconds),
      eta_seconds: Math.round(etaSeconds),
      block_range: this.range?.current,
    });
  }

  private finishBackfill(): void {
    const progress = this.backfillProgress;
    if (!progress) return;
    const seconds = Math.max((Date.now() - progress.startedAt) / 1000, 1e-3);
    this.logger.log({ msg: 'backfill done', chain_id: this.settings.chainId, from_block: progress.fromBlock.toString(), blocks: progress.blocks, logs: progress.logs, seconds: Math.round(seconds) });
    this.backfillEta.set({ chain_id: this.settings.chainId }, 0);
    this.backfillProgress = undefined;
  }

  private startBlock(head: bigint): bigint {
    const start = this.settings.startBlock;
    return start === 'latest' ? head : BigInt(start);
  }

  private async isCanonical(block: BlockRef, head: bigint): Promise<boolean> {
    if (block.number > head) return false;
    const onChain = await this.client.getBlock({ blockNumber: block.number });
    return onChain.hash === block.hash;
  }

  /**
   * Final blocks, by adaptive ranges (one `eth_getLogs` each, published `confirmed` only). The next
   * range is fetched while the current one is published; the checkpoint follows each publication.
   */
  private async backfill(from: bigint, finalized: bigint): Promise<BlockRef | undefined> {
    const { chainId, maxBlockRange } = this.settings;
    this.range ??= new AdaptiveRange(maxBlockRange);
    const now = Date.now();
    this.backfillProgress ??= { startedAt: now, fromBlock: from, blocks: 0, logs: 0, lastReportAt: now };
    let tip: BlockRef | undefined;
    let next: RangeFetch | undefined = this.fetchRange(from, finalized);
    while (next && !this.stopping) {
      let range: FinalRange;
      try {
        range = await next.result;
      } catch (error) {
        if (!isRangeTooLarge(error) || !this.range.shrink()) throw error;
        this.logger.warn({ msg: 'eth_getLogs range too large; shrinking', chain_id: chainId, from_block: next.from.toString(), block_range: this.range.current });
        this.backfillRange.set({ chain_id: chainId }, this.range.current);
        next = this.fetchRange(next.from, finalized);
        continue;
      }
      next = range.to < finalized ? this.fetchRange(range.to + 1n, finalized) : undefined;
      tip = await this.commitRange(range);
      this.range.grow();
      this.backfillRange.set({ chain_id: chainId }, this.range.current);
      this.reportBackfill(range.from, range.to, finalized);
    }
    return tip;
  }

  /** Starts fetching a range's logs, block timestamps and last block (RPC only, nothing published). */
  private fetchRange(from: bigint, finalized: bigint): RangeFetch {
    const span = BigInt(this.range?.current ?? this.settings.maxBlockRange);
    const to = from + span - 1n < finalized ? from + span - 1n : finalized;
    const result = (async (): Promise<FinalRange> => {
      const [logs, last] = await Promise.all([
        this.getLogs({ fromBlock: numberToHex(from), toBlock: numberToHex(to) }),
        this.client.getBlock({ blockNumber: to }),
      ]);
      const timestamps = new Map<string, number>([[last.hash, Number(last.timestamp)]]);
      const missing = [...new Set(logs.map((log) => log.blockHash))].filter((hash) => !timestamps.has(hash));
      for (let i = 0; i < missing.length; i += TIMESTAMP_CONCURRENCY) {
        const blocks = await Promise.all(missing.slice(i, i + TIMESTAMP_CONCURRENCY).map((blockHash) => this.client.getBlock({ blockHash })));
        blocks.forEach((block) => timestamps.set(block.hash, Number(block.timestamp)));
      }
      return {
        from,
        to,
        last: { number: to, hash: last.hash },
        logs: logs.map((log) => this.toChainLog(log, timestamps.get(log.blockHash) ?? 0, 'confirmed')),
      };
    })();
    // A prefetch may be abandoned (stop, or an error publishing the range before it): never an unhandled rejection.
    result.catch(() => undefined);
    return { from, result };
  }

  private async commitRange(range: FinalRange): Promise<BlockRef> {
    await this.publish(range.logs);
    if (this.backfillProgress) this.backfillProgress.logs += range.logs.length;
    await this.state.advanceFinalized(this.settings.chainId, range.last);
    this.ingested.set({ chain_id: this.settings.chainId }, Number(range.to));
    if (range.logs.length > 0) {
      this.logger.log({ msg: 'final range ingested', chain_id: this.settings.chainId, from_block: range.from.toString(), to_block: range.to.toString(), logs: range.logs.length });
    }
    return range.last;
  }

  /** One unfinalized block: its logs by block hash (so they belong to exactly this block), `pending` first. */
  private async ingestBlock(block: BlockRef & { parentHash: string; timestamp: number }, deepEnough: boolean): Promise<BlockRef> {
    const logs = (await this.getLogs({ blockHash: block.hash as Hex })).map((log) => this.toChainLog(log, block.timestamp, 'pending'));
    await this.publish(logs);
    if (deepEnough) await this.publish(logs.map((log) => ({ ...log, status: 'confirmed' as const })));
    await this.state.recordBlock(this.settings.chainId, { ...block, confirmed: deepEnough, logs });
    this.ingested.set({ chain_id: this.settings.chainId }, Number(block.number));
    return block;
  }

  private async confirmUpTo(depthBlock: bigint): Promise<void> {
    for (const block of await this.state.unconfirmed(this.settings.chainId, depthBlock)) {
      await this.publish(block.logs.map((log) => ({ ...log, status: 'confirmed' as const })));
      await this.state.markConfirmed(this.settings.chainId, block.number);
    }
  }

  /**
   * Finds the newest window block still on the chain, retracts the logs of every window block
   * above it, and rewinds to it. Without one (a reorg deeper than the window, or a devnet that
   * restarted) the window is retracted and ingestion starts over from the start block.
   */
  private async handleReorg(head: bigint): Promise<BlockRef | undefined> {
    const { chainId } = this.settings;
    const orphaned: RecentBlock[] = [];
    let ancestor: RecentBlock | undefined;
    for (const stored of await this.state.recentBlocks(chainId)) {
      if (await this.isCanonical(stored, head)) {
        ancestor = stored;
        break;
      }
      orphaned.push(stored);
    }
    const retracted = orphaned.flatMap((block) => block.logs.map((log) => ({ ...log, status: 'retracted' as const })));
    await this.publish(retracted);
    await this.state.rewindTo(chainId, ancestor);
    this.reorgs.inc({ chain_id: chainId });
    const details = { chain_id: chainId, orphaned_blocks: orphaned.length, retracted_logs: retracted.length, head: head.toString() };
    if (ancestor) this.logger.warn({ msg: 'reorg: retracted the orphaned blocks, resuming from the common ancestor', ...details, ancestor: ancestor.number.toString() });
    else this.logger.warn({ msg: 'chain no longer has any tracked block (deep reorg or restarted devnet); starting over from the start block', ...details });
    return ancestor;
  }

  private async getLogs(filter: { fromBlock: Hex; toBlock: Hex } | { blockHash: Hex }): Promise<RpcLog[]> {
    return (await this.client.request({ method: 'eth_getLogs', params: [{ ...filter, topics: [[...WATCHED_TOPICS]] }] })) as RpcLog[];
  }

  private toChainLog(log: RpcLog, blockTimestamp: number, status: EventStatus): ChainLog {
    return {
      chainId: this.settings.chainId,
      blockNumber: BigInt(log.blockNumber).toString(),
      blockHash: log.blockHash.toLowerCase() as `0x${string}`,
      blockTimestamp,
      transactionHash: log.transactionHash.toLowerCase() as `0x${string}`,
      transactionIndex: Number(log.transactionIndex),
      logIndex: Number(log.logIndex),
      address: log.address.toLowerCase() as `0x${string}`,
      topics: log.topics.map((topic) => topic.toLowerCase() as `0x${string}`),
      data: log.data,
      removed: log.removed ?? false,
      status,
    };
  }

  private async publish(logs: ChainLog[]): Promise<void> {
    if (logs.length === 0) return;
    const producedAt = new Date().toISOString();
    await this.publisher.publish(
      TOPICS.chainLogsRaw,
      logs.map((payload) => {
        const value: MessageOf<'chain.logs.raw.v1'> = {
          version: 1,
          type: 'chain.log.raw',
          id: chainLogMessageId(payload),
          occurredAt: new Date(payload.blockTimestamp * 1000).toISOString(),
          producedAt,
          source: SOURCE,
          payload,
        };
        return { key: `${payload.chainId}:${payload.address}`, value };
      }),
    );
    for (const status of ['pending', 'confirmed', 'retracted'] as const) {
      const count = logs.filter((log) => log.status === status).length;
      if (count > 0) this.logsPublished.inc({ chain_id: this.settings.chainId, status }, count);
    }
  }
}
