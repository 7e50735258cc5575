import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SeriesService } from './series/series.service';
import { UpgradeWindowsService } from './upgrades/upgrade-windows.service';

/** Routes the forecast service's input topics; the consumer policy dead-letters what does not parse. */
@Injectable()
export class ForecastConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly series: SeriesService,
    private readonly upgrades: UpgradeWindowsService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.marketTicks, (message) => this.series.record(message));
    this.host.register(TOPICS.upgradesLifecycle, (message) => this.upgrades.onLifecycle(message));
    this.host.register(TOPICS.protocolEvents, (message) => this.upgrades.onProtocolEvent(message));
  }
}
