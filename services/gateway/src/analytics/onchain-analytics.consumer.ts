import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnchainAnalyticsService } from './onchain-analytics.service';

/** Kafka edge of the DEX analytics read models; the host's policy validates, dead-letters and commits. */
@Injectable()
export class OnchainAnalyticsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly analytics: OnchainAnalyticsService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.mevDetections, (message) => this.analytics.applyDetection(message));
    this.host.register(TOPICS.smartMoney, (message) => this.analytics.applyRanking(message));
  }
}
