import { TOPICS, chainLogMessageId, type ChainLog, type EventStatus, type NetworkBackfill } from '@pum/contracts';
import type { EventPublisher } from '@pum/platform';
import { Logger } from '@nestjs/common';
import { numberToHex, type Address, type Hex, type PublicClient } from 'viem';
import type { NetworkSettings } from '@pum/evm';
import { AdaptiveRange, isRangeTooLarge } from './adaptive-range';
import { BlockTimes } from './block-times';
import type { BlockRef, ChainStateRepository, RecentBlock } from './chain-state.repository';
import { UPGRADE_FILTER, inChainOrder, registryFilter, swapFilter, type BlockSelector, type LogFilter } from './log-filters';
import type { PollerMetrics } from './poller-metrics';
import { reconcile, type ChainBlock, type ChainWindow } from './reconcile';
import { SparseLogWindow } from './sparse-log-window';
import type { NetworkStatusReporter } from './status-reporter';

const PROGRESS_EVERY_MS = 5_000;
/** Backfill ranges one request of the registry filter covers (its logs are sparse). */
const REGISTRY_WINDOW_RANGES = 10;
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
 * Follows one network and publishes its catalogue logs raw to `chain.logs.raw.v1` — upgrade events
 * of any address, every other catalogue event of the registry's contracts, DEX `Swap` logs as the network's
 * `dexSwaps` says (see log-filters):
 * - below the finality depth (backfill), by block range, once, as `confirmed`;
 * - in the unfinalized window, block by block (checking each parent hash), as `pending` at first
 *   sight and again as `confirmed` once `confirmations` blocks deep;
 * - on a reorg (the checkpoint block or a parent hash no longer matches the chain), as `retracted`
 *   for every log of every block that left the canonical chain, then ingestion resumes from the
 *   common ancestor on the new branch.
 * Messages are published before the state that records them is saved, so a crash re-publishes
 * (same ids; consumers upsert) and never skips. After every round, and after every range of a
 * backfill, the network's status (head, tip, lag, error) goes to the status reporter.
 */
export class LogPoller {
  private readonly logger = new Logger(LogPoller.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private polling = false;
  /** A new head was announced while a round ran: poll again as soon as it ends. */
  private wokenDuringPoll = false;
  private stopping = false;
  private range?: AdaptiveRange;
  private backfillProgress?: BackfillProgress;
  /** What the status reports: the last head the RPC gave, the tip, the backfill's rates. */
  private lastHead?: bigint;
  private lastIngested?: bigint;
  private backfillStatus: NetworkBackfill | null = null;
  private readonly registryWindow = new SparseLogWindow<RpcLog>(
    (from, to) => this.logsOf({ fromBlock: numberToHex(from), toBlock: numberToHex(to) }, registryFilter(this.watched())),
    REGISTRY_WINDOW_RANGES,
    isRangeTooLarge,
  );

  /** `watched`: the registry's contracts on this chain, asked for every catalogue event. */
  constructor(
    private readonly client: PublicClient,
    private readonly network: NetworkSettings,
    private readonly state: ChainStateRepository,
    private readonly publisher: EventPublisher,
    private readonly metrics: PollerMetrics,
    private readonly watched: () => readonly Address[],
    private readonly status: NetworkStatusReporter,
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /**
   * A new head is known (the node's newHeads subscription): poll now instead of at the next interval, or right after
   * the round under way. Polling at the interval stays the fallback when no announcement comes.
   */
  wake(): void {
    if (this.stopping) return;
    if (this.polling) {
      this.wokenDuringPoll = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.polling = true;
      this.wokenDuringPoll = false;
      this.current = this.pollOnce()
        .then(
          () => this.reportStatus(undefined),
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            this.metrics.pollErrors.inc({ chain_id: this.network.chainId });
            this.logger.warn({ msg: 'poll failed; will retry', chain_id: this.network.chainId, error: message });
            return this.reportStatus(message);
          },
        )
        .finally(() => {
          this.polling = false;
          this.schedule(this.wokenDuringPoll ? 0 : this.network.pollIntervalMs);
        });
    }, delayMs);
  }

  /** Hands the status after a round (or a backfill range) to the reporter, unless stopping. */
  private async reportStatus(error: string | undefined): Promise<void> {
    if (this.stopping) return;
    await this.status.report({ head: this.lastHead, ingested: this.lastIngested, error, backfill: this.backfillStatus, at: new Date() });
  }

  /**
   * Brings the published view up to the chain head: reorgs, new blocks, confirmations. The loop
   * fetches what the chain says, `reconcile` decides, and the poller applies (publish, then record).
   */
  async pollOnce(): Promise<void> {
    const { chainId, confirmations, finalityDepth } = this.network;
    const head = await this.client.getBlockNumber({ cacheTime: 0 });
    this.metrics.head.set({ chain_id: chainId }, Number(head));
    this.lastHead = head;
    const [tip, recent] = await Promise.all([this.state.tip(chainId), this.state.recentBlocks(chainId)]);
    this.lastIngested = tip?.number;
    const window: ChainWindow = { head, confirmations, finalityDepth, tip, recent };
    let observed = await this.departureFromTip(window);
    for (;;) {
      const step = reconcile(window, observed ?? (await this.nextBlock(window)));
      observed = undefined;
      switch (step.type) {
        case 'block':
          await this.ingestBlock(window, step.block, step.confirmed);
          break;
        case 'check':
          observed = await this.blockAt(step.blockNumber);
          break;
        case 'reorg':
          await this.rewind(window, step.ancestor, step.orphaned);
          break;
        case 'finalize':
          await this.finalize(step.confirm, step.finalizedBelow);
          return;
      }
    }
  }

  /**
   * The chain's block at the tip's height (at the head's, when the chain got shorter) when it is not
   * the tip — where reconciling starts; undefined while the tip stands.
   */
  private async departureFromTip({ tip, head }: ChainWindow): Promise<ChainBlock | undefined> {
    if (!tip) return undefined;
    const onChain = await this.blockAt(tip.number <= head ? tip.number : head);
    return onChain.number === tip.number && onChain.hash === tip.hash ? undefined : onChain;
  }

  /**
   * The unfinalized block after the tip, once every final block before it is backfilled (which moves
   * the window's tip); undefined when caught up with the head or stopping.
   */
  private async nextBlock(window: ChainWindow): Promise<ChainBlock | undefined> {
    const finalized = window.head - BigInt(window.finalityDepth);
    while (!this.stopping) {
      const from = window.tip ? window.tip.number + 1n : this.startBlock(window.head);
      if (from > window.head) return undefined;
      if (from > finalized) {
        if (this.backfillProgress) this.finishBackfill();
        return this.blockAt(from);
      }
      window.tip = (await this.backfill(from, finalized)) ?? window.tip;
    }
    return undefined;
  }

  private async blockAt(blockNumber: bigint): Promise<ChainBlock> {
    const block = await this.client.getBlock({ blockNumber });
    return { number: blockNumber, hash: block.hash, parentHash: block.parentHash, timestamp: Number(block.timestamp) };
  }

  private reportBackfill(from: bigint, to: bigint, finalized: bigint): void {
    const now = Date.now();
    const progress = this.backfillProgress;
    if (!progress) return;
    progress.blocks += Number(to - from + 1n);
    const seconds = Math.max((now - progress.startedAt) / 1000, 1e-3);
    const blocksPerSecond = progress.blocks / seconds;
    const etaSeconds = Number(finalized - to) / Math.max(blocksPerSecond, 1e-9);
    this.metrics.backfillRate.set({ chain_id: this.network.chainId }, blocksPerSecond);
    this.metrics.backfillEta.set({ chain_id: this.network.chainId }, etaSeconds);
    this.backfillStatus = { blocksPerSecond, etaSeconds, targetBlock: finalized.toString() };
    if (now - progress.lastReportAt < PROGRESS_EVERY_MS) return;
    progress.lastReportAt = now;
    this.logger.log({
      msg: 'backfill progress',
      chain_id: this.network.chainId,
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
    this.logger.log({ msg: 'backfill done', chain_id: this.network.chainId, from_block: progress.fromBlock.toString(), blocks: progress.blocks, logs: progress.logs, seconds: Math.round(seconds) });
    this.metrics.backfillEta.set({ chain_id: this.network.chainId }, 0);
    this.backfillProgress = undefined;
    this.backfillStatus = null;
  }

  private startBlock(head: bigint): bigint {
    const start = this.network.startBlock;
    return start === 'latest' ? head : BigInt(start);
  }

  /**
   * Final blocks, by adaptive ranges (one `eth_getLogs` each, published `confirmed` only). The next
   * range is fetched while the current one is published; the checkpoint follows each publication.
   */
  private async backfill(from: bigint, finalized: bigint): Promise<BlockRef | undefined> {
    const { chainId, maxBlockRange } = this.network;
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
        this.metrics.backfillRange.set({ chain_id: chainId }, this.range.current);
        next = this.fetchRange(next.from, finalized);
        continue;
      }
      next = range.to < finalized ? this.fetchRange(range.to + 1n, finalized) : undefined;
      tip = await this.commitRange(range);
      this.range.grow();
      this.metrics.backfillRange.set({ chain_id: chainId }, this.range.current);
      this.reportBackfill(range.from, range.to, finalized);
      await this.reportStatus(undefined); // a long backfill is one round: say how far it has got
    }
    return tip;
  }

  /** Starts fetching a range's logs, block timestamps and last block (RPC only, nothing published). */
  private fetchRange(from: bigint, finalized: bigint): RangeFetch {
    const span = BigInt(this.range?.current ?? this.network.maxBlockRange);
    const to = from + span - 1n < finalized ? from + span - 1n : finalized;
    const result = (async (): Promise<FinalRange> => {
      const range = { fromBlock: numberToHex(from), toBlock: numberToHex(to) };
      const [upgrades, registered, swaps, last] = await Promise.all([
        this.logsOf(range, UPGRADE_FILTER),
        this.registryWindow.logsIn(from, to, span, finalized),
        this.logsOf(range, swapFilter(this.network.dexSwaps, this.watched())),
        this.client.getBlock({ blockNumber: to }),
      ]);
      const logs = inChainOrder([upgrades, registered, swaps]);
      const times = new BlockTimes(this.network.chainId);
      times.set(last.hash, Number(last.timestamp));
      const missing = [...new Set(logs.map((log) => log.blockHash))].filter((hash) => !times.has(hash));
      for (let i = 0; i < missing.length; i += TIMESTAMP_CONCURRENCY) {
        const blocks = await Promise.all(missing.slice(i, i + TIMESTAMP_CONCURRENCY).map((blockHash) => this.client.getBlock({ blockHash })));
        blocks.forEach((block) => times.set(block.hash, Number(block.timestamp)));
      }
      return {
        from,
        to,
        last: { number: to, hash: last.hash },
        logs: logs.map((log) => this.toChainLog(log, times.of(log.blockHash), 'confirmed')),
      };
    })();
    // A prefetch may be abandoned (stop, or an error publishing the range before it): never an unhandled rejection.
    result.catch(() => undefined);
    return { from, result };
  }

  private async commitRange(range: FinalRange): Promise<BlockRef> {
    await this.publish(range.logs);
    if (this.backfillProgress) this.backfillProgress.logs += range.logs.length;
    await this.state.advanceFinalized(this.network.chainId, range.last);
    this.metrics.ingested.set({ chain_id: this.network.chainId }, Number(range.to));
    this.lastIngested = range.to;
    if (range.logs.length > 0) {
      this.logger.log({ msg: 'final range ingested', chain_id: this.network.chainId, from_block: range.from.toString(), to_block: range.to.toString(), logs: range.logs.length });
    }
    return range.last;
  }

  /** One unfinalized block: its logs by block hash (so they belong to exactly this block), `pending` first. */
  private async ingestBlock(window: ChainWindow, block: ChainBlock, confirmed: boolean): Promise<void> {
    const logs = (await this.blockLogs(block.hash as Hex)).map((log) => this.toChainLog(log, block.timestamp, 'pending'));
    await this.publish(logs);
    if (confirmed) await this.publish(logs.map((log) => ({ ...log, status: 'confirmed' as const })));
    const recorded: RecentBlock = { number: block.number, hash: block.hash, parentHash: block.parentHash, confirmed, logs };
    await this.state.recordBlock(this.network.chainId, recorded);
    this.metrics.ingested.set({ chain_id: this.network.chainId }, Number(block.number));
    this.lastIngested = block.number;
    window.tip = { number: block.number, hash: block.hash };
    window.recent = [recorded, ...window.recent];
  }

  /** Retracts the logs of the orphaned blocks and rewinds to the ancestor; without one, starts over from the start block. */
  private async rewind(window: ChainWindow, ancestor: RecentBlock | undefined, orphaned: RecentBlock[]): Promise<void> {
    const { chainId } = this.network;
    const retracted = orphaned.flatMap((block) => block.logs.map((log) => ({ ...log, status: 'retracted' as const })));
    await this.publish(retracted);
    await this.state.rewindTo(chainId, ancestor);
    if (!ancestor) this.registryWindow.reset(); // starting over: the chain's final blocks may differ too
    this.metrics.reorgs.inc({ chain_id: chainId });
    const details = { chain_id: chainId, orphaned_blocks: orphaned.length, retracted_logs: retracted.length, head: window.head.toString() };
    if (ancestor) this.logger.warn({ msg: 'reorg: retracted the orphaned blocks, resuming from the common ancestor', ...details, ancestor: ancestor.number.toString() });
    else this.logger.warn({ msg: 'chain no longer has any tracked block (deep reorg or restarted devnet); starting over from the start block', ...details });
    window.tip = ancestor;
    this.lastIngested = ancestor?.number;
    window.recent = ancestor ? window.recent.filter((block) => block.number <= ancestor.number) : [];
  }

  /** Confirms the blocks now deep enough, then forgets the final ones (never the checkpoint). */
  private async finalize(confirm: RecentBlock[], finalizedBelow: bigint): Promise<void> {
    for (const block of confirm) {
      await this.publish(block.logs.map((log) => ({ ...log, status: 'confirmed' as const })));
      await this.state.markConfirmed(this.network.chainId, block.number);
    }
    await this.state.prune(this.network.chainId, finalizedBelow);
  }

  /** Every filter's logs of one block (see log-filters). */
  private async blockLogs(blockHash: Hex): Promise<RpcLog[]> {
    const filters = [UPGRADE_FILTER, registryFilter(this.watched()), swapFilter(this.network.dexSwaps, this.watched())];
    return inChainOrder(await Promise.all(filters.map((filter) => this.logsOf({ blockHash }, filter))));
  }

  /** One `eth_getLogs`; none for an absent filter. */
  private async logsOf(blocks: BlockSelector, filter: LogFilter | undefined): Promise<RpcLog[]> {
    if (!filter) return [];
    return (await this.client.request({ method: 'eth_getLogs', params: [{ ...blocks, ...filter }] })) as RpcLog[];
  }

  private toChainLog(log: RpcLog, blockTimestamp: number, status: EventStatus): ChainLog {
    return {
      chainId: this.network.chainId,
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
    await this.publisher.publish(
      TOPICS.chainLogsRaw,
      logs.map((payload) => ({
        key: `${payload.chainId}:${payload.address}`,
        id: chainLogMessageId(payload),
        occurredAt: new Date(payload.blockTimestamp * 1000).toISOString(),
        payload,
      })),
    );
    for (const status of ['pending', 'confirmed', 'retracted'] as const) {
      const count = logs.filter((log) => log.status === status).length;
      if (count > 0) this.metrics.logsPublished.inc({ chain_id: this.network.chainId, status }, count);
    }
  }
}
