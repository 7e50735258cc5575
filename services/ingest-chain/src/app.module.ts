import { HealthRegistry, JsonLogger, MetricsService, PlatformModule, kafkaSettings, postgresModule } from '@pum/platform';
import { Module, type DynamicModule, type OnModuleInit, Inject } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PublicClient } from 'viem';
import { CHAIN_CLIENT, ChainRpcHealthCheck, createChainClient } from './chain-client';
import type { IngestChainConfig } from './config';
import { endpointPoolOptionsFromConfig } from './rpc';
import { RawLogsConsumer } from './decoding/raw-logs.consumer';
import { UpgradeDecoder } from './decoding/upgrade-decoder';
import { INGEST_CONFIG, type IngestSettings } from './ingest-settings';
import { CreateCheckpoints1763800000001 } from './migrations/1763800000001-create-checkpoints';
import { CheckpointEntity } from './polling/checkpoint.entity';
import { ChainStateRepository } from './polling/chain-state.repository';
import { RecentBlockEntity } from './polling/recent-block.entity';
import { CreateRecentBlocks1763800000002 } from './migrations/1763800000002-create-recent-blocks';
import { LogPoller } from './polling/log-poller';
import { CreateProtocolContracts1763800000003 } from './migrations/1763800000003-create-protocol-contracts';
import { ProtocolContractEntity } from './registry/protocol-contract.entity';
import { ProtocolRegistryRepository } from './registry/protocol-registry.repository';
import { ProtocolRegistryService, REGISTRY_FILE } from './registry/protocol-registry.service';

export const SERVICE_NAME = 'ingest-chain';

@Module({})
export class AppModule implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(CHAIN_CLIENT) private readonly client: PublicClient,
    @Inject(INGEST_CONFIG) private readonly settings: IngestSettings,
  ) {}

  onModuleInit(): void {
    this.health.add(new ChainRpcHealthCheck(this.client, this.settings.chainId));
  }

  static register(config: IngestChainConfig, logger: JsonLogger): DynamicModule {
    const settings: IngestSettings = {
      chainId: config.CHAIN_ID,
      chainName: config.CHAIN_NAME,
      pollIntervalMs: config.CHAIN_POLL_INTERVAL_MS,
      confirmations: config.CHAIN_CONFIRMATIONS,
      finalityDepth: config.CHAIN_FINALITY_DEPTH,
      startBlock: config.CHAIN_START_BLOCK,
      maxBlockRange: config.CHAIN_MAX_BLOCK_RANGE,
    };
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICE_NAME,
          logger,
          kafka: kafkaSettings(config, SERVICE_NAME),
          redis: { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX },
          postgres: true,
        }),
        postgresModule({
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          service: SERVICE_NAME,
          entities: [CheckpointEntity, RecentBlockEntity, ProtocolContractEntity],
          migrations: [CreateCheckpoints1763800000001, CreateRecentBlocks1763800000002, CreateProtocolContracts1763800000003],
          poolSize: 4,
        }),
        TypeOrmModule.forFeature([CheckpointEntity, RecentBlockEntity, ProtocolContractEntity]),
      ],
      providers: [
        { provide: INGEST_CONFIG, useValue: settings },
        {
          provide: CHAIN_CLIENT,
          useFactory: (metrics: MetricsService) => createChainClient(endpointPoolOptionsFromConfig(config, config.CHAIN_RPC_URL), metrics),
          inject: [MetricsService],
        },
        { provide: REGISTRY_FILE, useValue: config.PROTOCOL_REGISTRY_FILE },
        ProtocolRegistryRepository,
        ProtocolRegistryService,
        ChainStateRepository,
        LogPoller,
        UpgradeDecoder,
        RawLogsConsumer,
      ],
    };
  }
}
