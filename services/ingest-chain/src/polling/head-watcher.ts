import { Logger } from '@nestjs/common';
import { createPublicClient, webSocket, type WatchBlockNumberReturnType } from 'viem';
import type { NetworkSettings } from '@pum/evm';
import type { PollerMetrics } from './poller-metrics';

/**
 * Wakes a network's poller the moment the node announces a block: viem's `watchBlockNumber` over a WebSocket
 * transport, which is `eth_subscribe('newHeads')` (and resubscribes after the socket reconnects). It only says
 * "look now": the poller still reads, checks parents and confirms as on every round, and polling at the network's
 * interval goes on, so a lost subscription costs latency, never data.
 */
export class HeadWatcher {
  private readonly logger = new Logger(HeadWatcher.name);
  private unwatch?: WatchBlockNumberReturnType;
  private client?: ReturnType<typeof createClient>;

  constructor(
    private readonly network: NetworkSettings & { headsUrl: string },
    private readonly onHead: () => void,
    private readonly metrics: PollerMetrics,
  ) {}

  start(): void {
    this.client = createClient(this.network.headsUrl);
    // On a WebSocket transport viem subscribes (eth_subscribe newHeads) rather than polls.
    this.unwatch = this.client.watchBlockNumber({
      onBlockNumber: () => {
        this.metrics.headAnnouncements.inc({ chain_id: this.network.chainId });
        this.onHead();
      },
      onError: (error) => {
        this.metrics.headSubscriptionErrors.inc({ chain_id: this.network.chainId });
        this.logger.warn({ msg: 'newHeads subscription failed; polling goes on', chain_id: this.network.chainId, error: error.message });
      },
    });
    this.logger.log({ msg: 'newHeads subscription started', chain_id: this.network.chainId, url: redact(this.network.headsUrl) });
  }

  async stop(): Promise<void> {
    this.unwatch?.();
    const socket = await this.client?.transport.getRpcClient().catch(() => undefined);
    socket?.close();
  }
}

function createClient(url: string) {
  return createPublicClient({ transport: webSocket(url, { reconnect: { attempts: Number.MAX_SAFE_INTEGER, delay: 1_000 }, keepAlive: { interval: 30_000 } }) });
}

/** The URL without credentials or a path that may hold an API key (`wss://host/v3/<key>`). */
function redact(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : '/…'}`;
}
