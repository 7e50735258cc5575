import { TOPICS, mevDetectionId, mevDetectionMessageId, type DexSwap, type MessageOf, type MevDetection } from '@pum/contracts';
import { detectMev, type Detection, type Swap } from '@pum/dex-analytics';
import { EventPublisher } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AnalyticsMetrics } from '../analytics-metrics';
import { MevRepository } from './mev.repository';

const ASSET_ID = /^([1-9][0-9]*):(0x[0-9a-f]{40})$/;

/**
 * MEV detection on `dex.swaps.v1` (docs/analytics.md): every swap re-runs the detectors on the standing swaps of its
 * block, under the block's lock, and publishes to `analytics.mev.v1` only what changed — a new or grown detection
 * `detected`, one whose swaps no longer all stand (a retraction) `withdrawn`. Messages of one block may come in any
 * order and any number of times; the outcome is the same.
 */
@Injectable()
export class MevService {
  constructor(
    private readonly repository: MevRepository,
    private readonly publisher: EventPublisher,
    private readonly metrics: AnalyticsMetrics,
  ) {}

  async onSwap(message: MessageOf<'dex.swaps.v1'>): Promise<void> {
    const swap = message.payload;
    this.metrics.swaps.inc({ status: swap.status });
    const done = this.metrics.blockSeconds.startTimer();
    await this.repository.inBlock(swap.chainId, swap.blockHash, async (tx) => {
      await this.repository.saveSwap(tx, swap);
      const standing = await this.repository.standingSwaps(tx, swap.chainId, swap.blockHash);
      const found = await Promise.all(detectMev(standing.map(detectorSwap)).map((detection) => this.payloadOf(tx, detection, swap.blockHash, standing)));
      const previous = new Map((await this.repository.detections(tx, swap.chainId, swap.blockHash)).map((detection) => [detection.detectionId, detection]));
      const changed = found.filter((detection) => JSON.stringify(previous.get(detection.detectionId)) !== JSON.stringify(detection));
      const foundIds = new Set(found.map((detection) => detection.detectionId));
      const withdrawn = [...previous.values()]
        .filter((detection) => detection.status === 'detected' && !foundIds.has(detection.detectionId))
        .map((detection) => ({ ...detection, status: 'withdrawn' as const }));
      const publish = [...changed, ...withdrawn];
      if (publish.length === 0) return;
      await this.publisher.publish(
        TOPICS.mevDetections,
        publish.map((payload) => ({ key: payload.detectionId, id: mevDetectionMessageId(payload), occurredAt: message.occurredAt, payload })),
      );
      for (const detection of publish) {
        await this.repository.saveDetection(tx, detection);
        this.metrics.detections.inc({ type: detection.type, status: detection.status });
      }
    });
    done();
  }

  /** Keeps the last USD price of chain tokens (`chainId:address` assets) for the value of profits. */
  async onTick(message: MessageOf<'market.ticks.v1'>): Promise<void> {
    const tick = message.payload;
    const asset = tick.subject.type === 'asset' && tick.metric === 'price' ? ASSET_ID.exec(tick.subject.id.toLowerCase()) : null;
    if (!asset) return;
    await this.repository.savePrice(Number(asset[1]), asset[2] as string, tick.value, tick.timestamp);
  }

  private async payloadOf(tx: EntityManager, detection: Detection, blockHash: `0x${string}`, swaps: DexSwap[]): Promise<MevDetection> {
    const base = {
      status: 'detected' as const,
      type: detection.type,
      chainId: detection.chainId,
      blockNumber: detection.blockNumber.toString(),
      blockHash,
      swaps: detection.swaps,
    };
    const first = swaps.find((swap) => swap.swapId === detection.swaps[0]);
    const decimals = first?.tokenIn === detection.profitToken ? first.tokenInDecimals : null;
    const price = await this.repository.price(tx, detection.chainId, detection.profitToken);
    return {
      detectionId: mevDetectionId(base),
      ...base,
      attacker: detection.attacker as `0x${string}`,
      transactions: detection.transactions as `0x${string}`[],
      victims: detection.victims as `0x${string}`[],
      pools: detection.pools as `0x${string}`[],
      profitToken: detection.profitToken as `0x${string}`,
      profitAmount: detection.profitAmount.toString(),
      profitUsd: price === undefined || decimals === null ? null : (Number(detection.profitAmount) / 10 ** decimals) * price,
    };
  }
}

/** A `dex.swaps.v1` swap as the detectors read it. */
function detectorSwap(swap: DexSwap): Swap {
  return { ...swap, blockNumber: BigInt(swap.blockNumber), amountIn: BigInt(swap.amountIn), amountOut: BigInt(swap.amountOut) };
}
