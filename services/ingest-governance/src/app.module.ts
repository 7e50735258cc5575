import { JsonLogger, serviceRuntime } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import type { IngestGovernanceConfig } from './config';
import { LifecycleOutbox } from './lifecycle/lifecycle-outbox';
import { LifecycleRepository } from './lifecycle/lifecycle.repository';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { CreateGovernanceStore1763900000001 } from './migrations/1763900000001-create-governance-store';
import { OffChainModule, offChainEntities, offChainMigrations, type OffChainExtras } from './off-chain.module';
import { OnChainModule, onChainEntities, onChainMigrations } from './onchain/onchain.module';
import { GovernanceRepository } from './store/governance.repository';
import { ProposalEntity } from './store/proposal.entity';
import { SourceCursorEntity } from './store/source-cursor.entity';
import { VoteEntity } from './store/vote.entity';

export const SERVICE_NAME = 'ingest-governance';

/** Tables of the service (schema `ingest_governance`); add an entity here and a migration below. */
const entities = [SourceCursorEntity, ProposalEntity, VoteEntity, ...offChainEntities, ...onChainEntities];
/** In order; released migrations are never edited. */
const migrations = [CreateGovernanceStore1763900000001, ...offChainMigrations, ...onChainMigrations];

/**
 * Governance ingestion: off-chain sources (Snapshot, Discourse, optional Tally), on-chain Governors,
 * the upgrade lifecycle, voting analysis and sentiment. Global: every module's providers can inject
 * the logger, the shared governance repository and the upgrade lifecycle; each module hands its
 * classes the settings they use, built from the validated config.
 */
@Module({})
export class AppModule {
  static register(config: IngestGovernanceConfig, logger: JsonLogger, extras: OffChainExtras = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ...serviceRuntime(config, { service: SERVICE_NAME, logger, postgres: { entities, migrations, poolSize: 4 } }),
        OffChainModule.register(config, extras),
        OnChainModule.register(config),
      ],
      providers: [
        { provide: JsonLogger, useValue: logger },
        GovernanceRepository,
        // The upgrade lifecycle: moved by on-chain events (OnChainModule) and Snapshot plans (OffChainModule).
        LifecycleRepository,
        LifecycleOutbox,
        LifecycleService,
      ],
      exports: [JsonLogger, GovernanceRepository, LifecycleService],
    };
  }
}
