import { EventPublisher } from '@pum/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ChainClients, type NetworkSettings } from '@pum/evm';
import { ProtocolRegistryService } from '../registry/protocol-registry.service';
import { ChainStateRepository } from './chain-state.repository';
import { HeadWatcher } from './head-watcher';
import { LogPoller } from './log-poller';
import type { StatusSettings } from './network-status';
import { PollerMetrics } from './poller-metrics';
import { NetworkStatusReporter, STATUS_SETTINGS } from './status-reporter';

/** One LogPoller (and its status reporter) per configured network, started once the application is up and stopped before it closes. */
@Injectable()
export class ChainPollers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly pollers: LogPoller[];
  private readonly watchers: HeadWatcher[] = [];

  constructor(
    clients: ChainClients<NetworkSettings>,
    state: ChainStateRepository,
    publisher: EventPublisher,
    metrics: PollerMetrics,
    registry: ProtocolRegistryService,
    @Inject(STATUS_SETTINGS) status: StatusSettings,
  ) {
    this.pollers = clients.all.map(({ network, client }) => {
      const poller = new LogPoller(client, network, state, publisher, metrics, () => registry.contractsOn(network.chainId), new NetworkStatusReporter(network, status, publisher, metrics));
      const { headsUrl } = network;
      if (headsUrl) this.watchers.push(new HeadWatcher({ ...network, headsUrl }, () => poller.wake(), metrics));
      return poller;
    });
  }

  onApplicationBootstrap(): void {
    this.pollers.forEach((poller) => poller.start());
    this.watchers.forEach((watcher) => watcher.start());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.watchers.map((watcher) => watcher.stop()));
    await Promise.all(this.pollers.map((poller) => poller.stop()));
  }
}
