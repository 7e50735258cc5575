import { HealthRegistry, JsonLogger, readProtocolRegistryFile, serviceRuntime } from '@pum/platform';
import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { IngestMarketConfig } from './config';
import { MarketPoller } from './ingest/market-poller';
import { RAW_MAX_BYTES, TickPublisher } from './ingest/tick-publisher';
import { MarketMetrics } from './market-metrics';
import { CreateMarketState1763900000001 } from './migrations/1763900000001-create-market-state';
import { ContractOpenWindow1764000000001 } from './migrations/1764000000001-contract-open-window';
import { createSources } from './sources/create-sources';
import { MARKET_SOURCES } from './sources/market-source';
import { LazyChainClients, MarketRpcHealthCheck } from './sources/onchain/lazy-chain-clients';
import { MarketStateRepository } from './store/market-state.repository';
import { WATCHLIST, buildWatchlist, type Watchlist } from './watchlist';

export const SERVICE_NAME = 'ingest-market';
const CHAIN_CLIENTS = Symbol('CHAIN_CLIENTS');

/**
 * Polls CoinGecko, DeFiLlama and on-chain pools and feeds (each as configured) for what the protocol
 * registry and the env lists name, and publishes `market.raw.v1` and `market.ticks.v1`.
 */
@Module({})
export class AppModule implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(CHAIN_CLIENTS) private readonly clients: LazyChainClients,
  ) {}

  onModuleInit(): void {
    if (this.clients.configured > 0) this.health.add(new MarketRpcHealthCheck(this.clients));
  }

  static register(config: IngestMarketConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceRuntime(config, { service: SERVICE_NAME, logger, postgres: { entities: [], migrations: [CreateMarketState1763900000001, ContractOpenWindow1764000000001], poolSize: 4 } }),
      ],
      providers: [
        MarketMetrics,
        MarketStateRepository,
        { provide: RAW_MAX_BYTES, useValue: config.MARKET_RAW_MAX_BYTES },
        TickPublisher,
        { provide: WATCHLIST, useFactory: async () => buildWatchlist(await readProtocolRegistryFile(config.PROTOCOL_REGISTRY_FILE), config) },
        { provide: CHAIN_CLIENTS, useFactory: () => new LazyChainClients(config.onChainRpc, config.MARKET_HTTP_TIMEOUT_MS) },
        {
          provide: MARKET_SOURCES,
          useFactory: (watchlist: Watchlist, clients: LazyChainClients, state: MarketStateRepository, metrics: MarketMetrics) => createSources(config, watchlist, clients, state, metrics),
          inject: [WATCHLIST, CHAIN_CLIENTS, MarketStateRepository, MarketMetrics],
        },
        MarketPoller,
      ],
    };
  }
}
