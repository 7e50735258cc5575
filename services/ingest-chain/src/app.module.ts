import { HealthRegistry, JsonLogger, MetricsService, serviceRuntime } from '@pum/platform';
import { Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { ChainClients, ChainRpcHealthCheck, endpointPoolOptionsFromConfig, type NetworkSettings } from '@pum/evm';
import type { IngestChainConfig } from './config';
import { RawLogsConsumer } from './decoding/raw-logs.consumer';
import { ProtocolEventDecoder } from './decoding/protocol-event-decoder';
import { CreateCheckpoints1763800000001 } from './migrations/1763800000001-create-checkpoints';
import { CheckpointEntity } from './polling/checkpoint.entity';
import { ChainStateRepository } from './polling/chain-state.repository';
import { RecentBlockEntity } from './polling/recent-block.entity';
import { CreateRecentBlocks1763800000002 } from './migrations/1763800000002-create-recent-blocks';
import { ChainPollers } from './polling/chain-pollers';
import { PollerMetrics } from './polling/poller-metrics';
import { STATUS_SETTINGS } from './polling/status-reporter';
import { CreateProtocolContracts1763800000003 } from './migrations/1763800000003-create-protocol-contracts';
import { ProtocolContractEntity } from './registry/protocol-contract.entity';
import { ProtocolRegistryRepository } from './registry/protocol-registry.repository';
import { ProtocolRegistryService, REGISTRY_FILE } from './registry/protocol-registry.service';
import { CreateDexPools1763800000004 } from './migrations/1763800000004-create-dex-pools';
import { DexPoolsRepository } from './swaps/dex-pools.repository';
import { SwapDecoder } from './swaps/swap-decoder';

export const SERVICE_NAME = 'ingest-chain';

@Module({})
export class AppModule implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    private readonly clients: ChainClients<NetworkSettings>,
  ) {}

  onModuleInit(): void {
    this.clients.all.forEach((chain) => this.health.add(new ChainRpcHealthCheck(chain)));
    const networks = this.clients.all.map(({ network }) => ({ name: network.name, chain_id: network.chainId, endpoints: network.endpoints.length }));
    new Logger(SERVICE_NAME).log({ msg: 'following networks', networks });
  }

  static register(config: IngestChainConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceRuntime(config, {
          service: SERVICE_NAME,
          logger,
          postgres: {
            entities: [CheckpointEntity, RecentBlockEntity, ProtocolContractEntity],
            migrations: [CreateCheckpoints1763800000001, CreateRecentBlocks1763800000002, CreateProtocolContracts1763800000003, CreateDexPools1763800000004],
            poolSize: 4,
          },
        }),
      ],
      providers: [
        {
          provide: ChainClients,
          useFactory: (metrics: MetricsService) => new ChainClients(config.networks, { transport: (network) => endpointPoolOptionsFromConfig(config, network.endpoints), metrics }),
          inject: [MetricsService],
        },
        { provide: REGISTRY_FILE, useValue: config.PROTOCOL_REGISTRY_FILE },
        ProtocolRegistryRepository,
        ProtocolRegistryService,
        ChainStateRepository,
        PollerMetrics,
        { provide: STATUS_SETTINGS, useValue: { intervalMs: config.CHAIN_STATUS_INTERVAL_MS, laggingBlocks: config.CHAIN_STATUS_LAGGING_BLOCKS } },
        ChainPollers,
        ProtocolEventDecoder,
        DexPoolsRepository,
        SwapDecoder,
        RawLogsConsumer,
      ],
    };
  }
}
