import { TOPICS, chainLogId, type MessageOf } from '@pum/contracts';
import { EventPublisher, MetricsService } from '@pum/platform';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { numberToHex, type Hex, type PublicClient } from 'viem';
import { CHAIN_CLIENT } from '../chain-client';
import { INGEST_CONFIG, type IngestSettings } from '../ingest-settings';
import { WATCHED_TOPICS } from '../decoding/eip1967';
import { CheckpointRepository } from './checkpoint.repository';

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
 * Polls the chain for watched logs block range by block range and publishes them raw to
 * `chain.logs.raw.v1`. The checkpoint advances only after the range was published, so a crash
 * re-publishes at most one range (same ids: consumers upsert) and never skips one.
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
  private readonly pollErrors: Counter;

  constructor(
    @Inject(CHAIN_CLIENT) private readonly client: PublicClient,
    @Inject(INGEST_CONFIG) private readonly settings: IngestSettings,
    private readonly checkpoints: CheckpointRepository,
    private readonly publisher: EventPublisher,
    metrics: MetricsService,
  ) {
    const labelNames = ['chain_id'] as const;
    this.head = new Gauge({ name: 'pum_chain_head_block', help: 'Latest block the RPC reported.', labelNames, registers: [metrics.registry] });
    this.ingested = new Gauge({ name: 'pum_chain_ingested_block', help: 'Last block fully ingested (checkpoint).', labelNames, registers: [metrics.registry] });
    this.logsPublished = new Counter({ name: 'pum_chain_logs_published_total', help: 'Raw logs published.', labelNames, registers: [metrics.registry] });
    this.pollErrors = new Counter({ name: 'pum_chain_poll_errors_total', help: 'Failed poll rounds.', labelNames, registers: [metrics.registry] });
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

  /** Ingests every range from the checkpoint to the confirmed head. */
  async pollOnce(): Promise<void> {
    const { chainId, confirmations, maxBlockRange } = this.settings;
    const head = await this.client.getBlockNumber({ cacheTime: 0 });
    this.head.set({ chain_id: chainId }, Number(head));
    const safe = head - BigInt(confirmations);
    if (safe < 0n) return;
    const checkpoint = await this.validCheckpoint(head);
    let from = checkpoint !== undefined ? checkpoint + 1n : this.startBlock(safe);
    while (from <= safe && !this.stopping) {
      const to = from + BigInt(maxBlockRange) - 1n < safe ? from + BigInt(maxBlockRange) - 1n : safe;
      const published = await this.ingestRange(from, to);
      const toBlock = await this.client.getBlock({ blockNumber: to });
      await this.checkpoints.save(chainId, to, toBlock.hash);
      this.ingested.set({ chain_id: chainId }, Number(to));
      if (published > 0) this.logger.log({ msg: 'range ingested', chain_id: chainId, from_block: from.toString(), to_block: to.toString(), logs: published });
      from = to + 1n;
    }
  }

  /**
   * The checkpoint, if the chain still has its block. A chain that no longer has it was rewound
   * (a restarted devnet, or a reorg deeper than the checkpoint): ingestion starts over from the
   * start block; deterministic ids make re-published logs upserts downstream.
   * Reorgs above the checkpoint (retracting events) are handled by a later issue (#3).
   */
  private async validCheckpoint(head: bigint): Promise<bigint | undefined> {
    const { chainId } = this.settings;
    const checkpoint = await this.checkpoints.get(chainId);
    if (!checkpoint) return undefined;
    const block = checkpoint.blockNumber <= head ? await this.client.getBlock({ blockNumber: checkpoint.blockNumber }) : undefined;
    if (block?.hash === checkpoint.blockHash) return checkpoint.blockNumber;
    this.logger.warn({
      msg: 'checkpoint block is no longer on the chain; starting over from the start block',
      chain_id: chainId,
      checkpoint_block: checkpoint.blockNumber.toString(),
      checkpoint_hash: checkpoint.blockHash,
      chain_hash: block?.hash ?? null,
      head: head.toString(),
    });
    await this.checkpoints.clear(chainId);
    return undefined;
  }

  private startBlock(safe: bigint): bigint {
    const start = this.settings.startBlock;
    return start === 'latest' ? safe : BigInt(start);
  }

  private async ingestRange(from: bigint, to: bigint): Promise<number> {
    const logs = (await this.client.request({
      method: 'eth_getLogs',
      params: [{ fromBlock: numberToHex(from), toBlock: numberToHex(to), topics: [[...WATCHED_TOPICS]] }],
    })) as RpcLog[];
    if (logs.length === 0) return 0;
    const timestamps = new Map<string, number>();
    for (const blockHash of new Set(logs.map((log) => log.blockHash))) {
      const block = await this.client.getBlock({ blockHash });
      timestamps.set(blockHash, Number(block.timestamp));
    }
    const producedAt = new Date().toISOString();
    const messages = logs.map((log) => {
      const payload = {
        chainId: this.settings.chainId,
        blockNumber: BigInt(log.blockNumber).toString(),
        blockHash: log.blockHash,
        blockTimestamp: timestamps.get(log.blockHash) ?? 0,
        transactionHash: log.transactionHash,
        transactionIndex: Number(log.transactionIndex),
        logIndex: Number(log.logIndex),
        address: log.address,
        topics: log.topics,
        data: log.data,
        removed: log.removed ?? false,
      };
      const value: MessageOf<'chain.logs.raw.v1'> = {
        version: 1,
        type: 'chain.log.raw',
        id: chainLogId(payload),
        occurredAt: new Date(payload.blockTimestamp * 1000).toISOString(),
        producedAt,
        source: SOURCE,
        payload: payload as MessageOf<'chain.logs.raw.v1'>['payload'],
      };
      return { key: `${this.settings.chainId}:${log.address.toLowerCase()}`, value };
    });
    await this.publisher.publish(TOPICS.chainLogsRaw, messages);
    this.logsPublished.inc({ chain_id: this.settings.chainId }, messages.length);
    return messages.length;
  }
}
