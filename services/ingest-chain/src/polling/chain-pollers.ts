import { EventPublisher } from '@pum/platform';
import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ChainClients, type NetworkSettings } from '@pum/evm';
import { ProtocolRegistryService } from '../registry/protocol-registry.service';
import { ChainStateRepository } from './chain-state.repository';
import { LogPoller } from './log-poller';
import { PollerMetrics } from './poller-metrics';

/** One LogPoller per configured network, started once the application is up and stopped before it closes. */
@Injectable()
export class ChainPollers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly pollers: LogPoller[];

  constructor(clients: ChainClients<NetworkSettings>, state: ChainStateRepository, publisher: EventPublisher, metrics: PollerMetrics, registry: ProtocolRegistryService) {
    this.pollers = clients.all.map(
      ({ network, client }) => new LogPoller(client, network, state, publisher, metrics, () => registry.contractsOn(network.chainId)),
    );
  }

  onApplicationBootstrap(): void {
    this.pollers.forEach((poller) => poller.start());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.stop()));
  }
}
