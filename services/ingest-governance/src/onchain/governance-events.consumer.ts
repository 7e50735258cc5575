import { TOPICS, type MessageOf } from '@pum/contracts';
import { ChainClients } from '@pum/evm';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { GovernorTracker } from './governor-tracker';
import { readTransactionFacts } from './transaction-facts';

/**
 * Routes the governance, timelock and upgrade kinds of `protocol.events.v1` to the Governor
 * tracker and the upgrade lifecycle; other kinds are committed and ignored. Failures propagate to
 * the consumer policy (retries counted in Redis, then `protocol.events.v1.dlq`).
 */
@Injectable()
export class GovernanceEventsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly governors: GovernorTracker,
    private readonly lifecycle: LifecycleService,
    private readonly chains: ChainClients,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.protocolEvents, (message) => this.handle(message));
  }

  async handle({ payload: event, occurredAt: at }: MessageOf<'protocol.events.v1'>): Promise<void> {
    switch (event.kind) {
      case 'proposal_created':
      case 'vote_cast':
      case 'proposal_queued':
      case 'proposal_executed':
      case 'proposal_canceled':
        return this.governors.onEvent(event, at);
      case 'timelock_call_scheduled':
      case 'timelock_tx_queued':
        if (event.status === 'retracted') return this.lifecycle.retracted(event, at);
        return this.lifecycle.queuedInTransaction(event, await this.facts(event), at);
      case 'timelock_cancelled':
      case 'timelock_tx_cancelled':
        if (event.status === 'retracted') return this.lifecycle.retracted(event, at);
        return this.lifecycle.operationCancelled(event, at);
      case 'upgraded':
      case 'admin_changed':
      case 'beacon_upgraded':
      case 'diamond_cut':
        if (event.status === 'retracted') return this.lifecycle.retracted(event, at);
        return this.lifecycle.executed(event, await this.facts(event), at);
      // Listed, not defaulted: a new kind must decide whether it matters here.
      case 'timelock_call_executed':
      case 'timelock_tx_executed':
      case 'safe_execution_success':
      // ^ executions are read from the upgrade's own transaction receipt, whichever log arrives first
      case 'timelock_min_delay_changed':
      case 'timelock_delay_changed':
      case 'ownership_transferred':
      case 'role_granted':
      case 'role_revoked':
      case 'role_admin_changed':
      case 'paused':
      case 'unpaused':
      case 'safe_owner_added':
      case 'safe_owner_removed':
      case 'safe_threshold_changed':
      case 'safe_execution_failure':
      case 'safe_module_enabled':
      case 'safe_module_disabled':
      case 'safe_guard_changed':
        return;
    }
  }

  private facts(event: { chainId: number; transactionHash: string }) {
    return readTransactionFacts(this.chains.of(event.chainId), event.transactionHash);
  }
}
