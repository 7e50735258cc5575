import { TOPICS, networkStatusKind, networkStatusMessageId } from '@pum/contracts';
import type { EventPublisher } from '@pum/platform';
import { Logger } from '@nestjs/common';
import type { NetworkSettings } from '@pum/evm';
import { networkStatusOf, shouldPublishStatus, type PublishedStatus, type RoundOutcome, type StatusSettings } from './network-status';
import type { PollerMetrics } from './poller-metrics';

/** DI token of the status settings (from CHAIN_STATUS_INTERVAL_MS and CHAIN_STATUS_LAGGING_BLOCKS). */
export const STATUS_SETTINGS = Symbol('STATUS_SETTINGS');

/**
 * Publishes one network's status to `system.networks.v1` (key: the chain id) after its rounds, at most once
 * per interval unless the kind changes. A status that cannot be published is logged and skipped: it must
 * never fail the ingestion it describes.
 */
export class NetworkStatusReporter {
  private readonly logger = new Logger(NetworkStatusReporter.name);
  private last?: PublishedStatus;

  constructor(
    private readonly network: NetworkSettings,
    private readonly settings: StatusSettings,
    private readonly publisher: EventPublisher,
    private readonly metrics: PollerMetrics,
  ) {}

  async report(round: RoundOutcome): Promise<void> {
    const status = networkStatusOf(this.network, round, this.settings);
    const chainId = this.network.chainId;
    this.metrics.lag.set({ chain_id: chainId }, status.lagBlocks);
    networkStatusKind.options.forEach((kind) => this.metrics.status.set({ chain_id: chainId, status: kind }, kind === status.status ? 1 : 0));
    const now = round.at.getTime();
    if (!shouldPublishStatus(this.last, status.status, now, this.settings.intervalMs)) return;
    try {
      await this.publisher.publish(TOPICS.networkStatus, [{ key: String(chainId), id: networkStatusMessageId(status), occurredAt: status.polledAt, payload: status }]);
      if (this.last?.status !== status.status) this.logger.log({ msg: 'network status', chain_id: chainId, status: status.status, lag_blocks: status.lagBlocks, error: status.lastError });
      this.last = { status: status.status, at: now };
    } catch (error) {
      this.logger.warn({ msg: 'could not publish the network status; will try again next round', chain_id: chainId, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
