import { ConfigError, JsonLogger, readProtocolRegistryFile, serviceRuntime } from '@pum/platform';
import { readNetworksFile } from '@pum/evm';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ACCOUNT_ENTITIES, AccountsModule } from './accounts/accounts.module';
import { AlertHistoryRepository } from './alerts/alert-history.repository';
import { AlertHistoryService } from './alerts/alert-history.service';
import { AlertRulePublisher, RULE_REPUBLISH_INTERVAL_MS } from './alerts/alert-rule-publisher';
import { AlertRulesRepository } from './alerts/alert-rules.repository';
import { AlertRulesService, MARKET_RETAIN_DAYS } from './alerts/alert-rules.service';
import { AlertsConsumer } from './alerts/alerts.consumer';
import { AlertsController } from './alerts/alerts.controller';
import type { GatewayConfig } from './config';
import { EventsController } from './events/events.controller';
import { EventsRepository } from './events/events.repository';
import { EventsService } from './events/events.service';
import { ProtocolEventEntity } from './events/protocol-event.entity';
import { ForecastEntity, LatestForecastEntity } from './forecasts/forecast.entity';
import { ForecastsConsumer } from './forecasts/forecasts.consumer';
import { ForecastsController } from './forecasts/forecasts.controller';
import { ForecastsRepository } from './forecasts/forecasts.repository';
import { ForecastsService } from './forecasts/forecasts.service';
import { GovernanceConsumer } from './governance/governance.consumer';
import { GovernanceController } from './governance/governance.controller';
import { GovernanceRepository } from './governance/governance.repository';
import { GovernanceService } from './governance/governance.service';
import { ProposalEntity, ProposalVersionEntity, SentimentEntity } from './governance/proposal.entity';
import { GuidanceConsumer } from './guidance/guidance.consumer';
import { GuidanceRepository } from './guidance/guidance.repository';
import { GuidanceService } from './guidance/guidance.service';
import { CacheInterceptor } from './http/cache.interceptor';
import { DocsController } from './http/docs.controller';
import { OpenApiController } from './http/openapi.controller';
import { RESPONSE_CACHE_SETTINGS, ResponseCache } from './http/response-cache';
import { LifecycleEntity, LifecycleStageEntity } from './lifecycle/lifecycle.entity';
import { LifecycleConsumer } from './lifecycle/lifecycle.consumer';
import { LifecycleController } from './lifecycle/lifecycle.controller';
import { LifecycleRepository } from './lifecycle/lifecycle.repository';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { MarketConsumer } from './market/market.consumer';
import { MarketController } from './market/market.controller';
import { MarketRepository } from './market/market.repository';
import { MARKET_SETTINGS, MarketService } from './market/market.service';
import { CreateReadModel1763800000000 } from './migrations/1763800000000-create-read-model';
import { CreateResultsReadModel1763900000000 } from './migrations/1763900000000-create-results-read-model';
import { CreateProtocolEvents1764000000000 } from './migrations/1764000000000-create-protocol-events';
import { CreateSubjectAssessments1765100000000 } from './migrations/1765100000000-create-subject-assessments';
import { CreateMarketReadModel1765200000000 } from './migrations/1765200000000-create-market-read-model';
import { CreateGuidance1765300000000 } from './migrations/1765300000000-create-guidance';
import { CreateNetworkStatus1765400000000 } from './migrations/1765400000000-create-network-status';
import { CreateCurrentAssessments1765600000000 } from './migrations/1765600000000-create-current-assessments';
import { CreateAlerts1765500000000 } from './migrations/1765500000000-create-alerts';
import { CreateOnchainAnalytics1766210000000 } from './migrations/1766210000000-create-onchain-analytics';
import { CurrentAssessmentsRepository } from './dashboard/current-assessments.repository';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardService } from './dashboard/dashboard.service';
import { NetworkDirectory } from './networks/network-directory';
import { NetworkStatusConsumer } from './networks/network-status.consumer';
import { NetworkStatusRepository } from './networks/network-status.repository';
import { NetworkStatusService } from './networks/network-status.service';
import { NetworksController } from './networks/networks.controller';
import { OnchainAnalyticsConsumer } from './analytics/onchain-analytics.consumer';
import { OnchainAnalyticsController } from './analytics/onchain-analytics.controller';
import { OnchainAnalyticsRepository } from './analytics/onchain-analytics.repository';
import { OnchainAnalyticsService } from './analytics/onchain-analytics.service';
import { ProtocolAnalyticsController } from './analytics/protocol-analytics.controller';
import { RiskAnalyticsController } from './analytics/risk-analytics.controller';
import { RiskAnalyticsService } from './analytics/risk-analytics.service';
import { RiskHistoryService } from './assessments/risk-history.service';
import { CreateAccounts1765350000000 } from './migrations/1765350000000-create-accounts';
import { SubjectAssessmentsRepository } from './assessments/subject-assessments.repository';
import { SubjectAssessmentsService } from './assessments/subject-assessments.service';
import { ProtocolDirectory } from './protocols/protocol-directory';
import { ProtocolsController } from './protocols/protocols.controller';
import { ProtocolsService } from './protocols/protocols.service';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { SocketMetrics } from './realtime/socket-metrics';
import { SlowConsumerGuard, SOCKET_BUFFER_LIMIT } from './realtime/slow-consumer.guard';
import { RiskAssessmentEntity } from './upgrades/risk-assessment.entity';
import { UpgradeEntity } from './upgrades/upgrade.entity';
import { UpgradesConsumer } from './upgrades/upgrades.consumer';
import { UpgradesController } from './upgrades/upgrades.controller';
import { UpgradesRepository } from './upgrades/upgrades.repository';
import { UpgradesService } from './upgrades/upgrades.service';

export const SERVICE_NAME = 'gateway';

/** The gateway's tables (exported for the accounts command, which works on the same schema). */
export const ENTITIES = [
  UpgradeEntity,
  RiskAssessmentEntity,
  LifecycleEntity,
  LifecycleStageEntity,
  ProposalEntity,
  ProposalVersionEntity,
  SentimentEntity,
  ForecastEntity,
  LatestForecastEntity,
  ProtocolEventEntity,
  ...ACCOUNT_ENTITIES,
];
export const MIGRATIONS = [
  CreateReadModel1763800000000,
  CreateResultsReadModel1763900000000,
  CreateProtocolEvents1764000000000,
  CreateSubjectAssessments1765100000000,
  CreateMarketReadModel1765200000000,
  CreateGuidance1765300000000,
  CreateAccounts1765350000000,
  CreateNetworkStatus1765400000000,
  CreateAlerts1765500000000,
  CreateCurrentAssessments1765600000000,
  CreateOnchainAnalytics1766210000000,
];

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceRuntime(config, {
          service: SERVICE_NAME,
          logger,
          // Without Redis one gateway still serves everything (no cache, local rate limits, no cross-replica fan-out).
          redisCritical: false,
          postgres: {
            entities: ENTITIES,
            migrations: MIGRATIONS,
            poolSize: 10,
          },
        }),
        AccountsModule.register(config),
      ],
      controllers: [
        DashboardController, // before UpgradesController: /upgrades/active is not an upgrade id
        UpgradesController,
        EventsController,
        ProtocolsController,
        LifecycleController,
        GovernanceController,
        ForecastsController,
        MarketController,
        RiskAnalyticsController,
        OnchainAnalyticsController,
        ProtocolAnalyticsController,
        NetworksController,
        AlertsController, // after DashboardController: /alerts/high-risk is not a rule id
        OpenApiController,
        DocsController,
      ],
      providers: [
        { provide: JsonLogger, useValue: logger },
        {
          provide: RESPONSE_CACHE_SETTINGS,
          useValue: { enabled: config.GATEWAY_CACHE, redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, ttlSeconds: config.GATEWAY_CACHE_TTL_SECONDS },
        },
        ResponseCache,
        { provide: APP_INTERCEPTOR, useClass: CacheInterceptor },
        RealtimeGateway,
        SocketMetrics,
        { provide: SOCKET_BUFFER_LIMIT, useValue: config.GATEWAY_SOCKET_BUFFER_LIMIT_BYTES },
        SlowConsumerGuard,
        { provide: ProtocolDirectory, useFactory: async () => new ProtocolDirectory(await readProtocolRegistryFile(config.PROTOCOL_REGISTRY_FILE)) },
        EventsRepository,
        EventsService,
        ProtocolsService,
        UpgradesRepository,
        UpgradesService,
        SubjectAssessmentsRepository,
        SubjectAssessmentsService,
        RiskHistoryService,
        RiskAnalyticsService,
        UpgradesConsumer,
        LifecycleRepository,
        LifecycleService,
        LifecycleConsumer,
        GovernanceRepository,
        GovernanceService,
        GovernanceConsumer,
        ForecastsRepository,
        ForecastsService,
        ForecastsConsumer,
        { provide: MARKET_SETTINGS, useValue: { retainDays: config.GATEWAY_MARKET_RETAIN_DAYS, pruneIntervalMs: 3_600_000 } },
        MarketRepository,
        MarketService,
        MarketConsumer,
        GuidanceRepository,
        GuidanceService,
        GuidanceConsumer,
        { provide: NetworkDirectory, useFactory: () => networkDirectory(config.CHAIN_NETWORKS_FILE) },
        NetworkStatusRepository,
        NetworkStatusService,
        NetworkStatusConsumer,
        CurrentAssessmentsRepository,
        DashboardService,
        { provide: MARKET_RETAIN_DAYS, useValue: config.GATEWAY_MARKET_RETAIN_DAYS },
        { provide: RULE_REPUBLISH_INTERVAL_MS, useValue: config.GATEWAY_ALERT_RULES_REPUBLISH_INTERVAL_MS },
        AlertRulesRepository,
        AlertRulePublisher,
        AlertRulesService,
        AlertHistoryRepository,
        AlertHistoryService,
        AlertsConsumer,
        OnchainAnalyticsRepository,
        OnchainAnalyticsService,
        OnchainAnalyticsConsumer,
      ],
    };
  }
}

/** The enabled networks of the networks file; a bad file stops the gateway at start, naming the problem. */
function networkDirectory(file: string): NetworkDirectory {
  const { networks, problems } = readNetworksFile(file);
  if (problems.length > 0) throw new ConfigError(problems);
  return new NetworkDirectory(networks.filter((network) => network.enabled));
}
