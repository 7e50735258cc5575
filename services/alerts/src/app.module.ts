import { JsonLogger, serviceRuntime } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { AlertsConsumer } from './alerts.consumer';
import { AlertsMetrics } from './alerts-metrics';
import type { AlertsConfig } from './config';
import { ChannelSender } from './delivery/channel-sender';
import { DELIVERY_SETTINGS, deliverySettings } from './delivery/delivery-settings';
import { DeliveryWorker } from './delivery/delivery.worker';
import { OutboxRepository } from './delivery/outbox.repository';
import { OutboxSignal } from './delivery/outbox-signal';
import { AlertPublisher } from './firing/alert-publisher';
import { AlertsRepository } from './firing/alerts.repository';
import { DigestScheduler } from './firing/digest.scheduler';
import { EtaTimerScheduler } from './firing/eta-timer.scheduler';
import { FiringService } from './firing/firing.service';
import { FIRING_SETTINGS, firingSettings } from './firing/firing-settings';
import { CreateAlerts1766000000000 } from './migrations/1766000000000-create-alerts';
import { MarketWindows1766300000000 } from './migrations/1766300000000-market-windows';
import { EtaTimers1766300000001 } from './migrations/1766300000001-eta-timers';
import { RulesRepository } from './rules/rules.repository';
import { RulesService } from './rules/rules.service';

export const SERVICE_NAME = 'alerts';

/**
 * Users' alert rules (alerts.rules.v1, from the gateway) evaluated on the result topics: fires each
 * rule once per subject and condition state, withdraws on reorg, throttles into digests, publishes
 * alerts.v1 and delivers through a Postgres outbox to webhooks, Slack, Discord, Telegram and email,
 * every attempt on alerts.deliveries.v1 (docs/alerts.md).
 */
@Module({})
export class AppModule {
  static register(config: AlertsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [...serviceRuntime(config, { service: SERVICE_NAME, logger, postgres: { entities: [], migrations: [CreateAlerts1766000000000, MarketWindows1766300000000, EtaTimers1766300000001], poolSize: 10 } })],
      providers: [
        { provide: JsonLogger, useValue: logger },
        { provide: DELIVERY_SETTINGS, useValue: deliverySettings(config) },
        { provide: FIRING_SETTINGS, useValue: firingSettings(config) },
        AlertsMetrics,
        OutboxSignal,
        RulesRepository,
        RulesService,
        AlertsRepository,
        AlertPublisher,
        FiringService,
        DigestScheduler,
        EtaTimerScheduler,
        OutboxRepository,
        ChannelSender,
        DeliveryWorker,
        AlertsConsumer,
      ],
    };
  }
}
