import { ChainClients } from '@pum/evm';
import { Module, type DynamicModule } from '@nestjs/common';
import type { IngestGovernanceConfig } from '../config';
import { LifecycleOutboxEntity } from '../lifecycle/lifecycle-outbox.entity';
import { UpgradeLifecycleEntity } from '../lifecycle/upgrade-lifecycle.entity';
import { CreateGovernorProposals1763900100001 } from '../migrations/1763900100001-create-governor-proposals';
import { CreateUpgradeLifecycles1763900100002 } from '../migrations/1763900100002-create-upgrade-lifecycles';
import { GovernanceEventsConsumer } from './governance-events.consumer';
import { GovernanceEventsService } from './governance-events.service';
import { GovernorProposalEntity } from './governor-proposal.entity';
import { GovernorProposalRepository } from './governor-proposal.repository';
import { GovernorReaders } from './governor-readers';
import { GovernorTracker } from './governor-tracker';
import { GovernorVoteEntity } from './governor-vote.entity';
import { RECHECK_SETTINGS, RecheckScheduler, type RecheckSettings } from './recheck-scheduler';
import { TransactionFactsService } from './transaction-facts.service';

/** Tables of the on-chain half; the app module registers them with the service's DataSource. */
export const onChainEntities = [GovernorProposalEntity, GovernorVoteEntity, UpgradeLifecycleEntity, LifecycleOutboxEntity];
export const onChainMigrations = [CreateGovernorProposals1763900100001, CreateUpgradeLifecycles1763900100002];

/**
 * The on-chain half of governance ingestion: Governor proposals tracked from `protocol.events.v1`
 * and chain reads, and the upgrade lifecycle published to `upgrades.lifecycle.v1`.
 */
@Module({})
export class OnChainModule {
  static register(config: IngestGovernanceConfig): DynamicModule {
    const recheck: RecheckSettings = { intervalMs: config.GOVERNANCE_RECHECK_INTERVAL_MS, batch: config.GOVERNANCE_RECHECK_BATCH };
    return {
      module: OnChainModule,
      providers: [
        {
          provide: ChainClients,
          // Few reads a poll: plain failover in weight order, retried by the one RPC policy.
          useFactory: () => new ChainClients(config.chains, { transport: { selection: 'priority', timeoutMs: 10_000 }, unknownChainHint: ' (or add it to GOVERNANCE_RPC_URLS when that is set)' }),
        },
        { provide: GovernorReaders, useFactory: (chains: ChainClients) => new GovernorReaders(chains), inject: [ChainClients] },
        { provide: RECHECK_SETTINGS, useValue: recheck },
        GovernorProposalRepository,
        TransactionFactsService,
        GovernorTracker,
        RecheckScheduler,
        GovernanceEventsService,
        GovernanceEventsConsumer,
      ],
    };
  }
}
