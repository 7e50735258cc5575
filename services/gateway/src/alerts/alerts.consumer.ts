import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AlertHistoryService } from './alert-history.service';

/** Kafka edge of the alert history and deliveries read models; the host's policy validates, dead-letters and commits. */
@Injectable()
export class AlertsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly history: AlertHistoryService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.alerts, (message) => this.history.applyAlert(message));
    this.host.register(TOPICS.alertDeliveries, (message) => this.history.applyDelivery(message));
  }
}
