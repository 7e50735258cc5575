import type { ProtocolEvent } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { GovernorTracker } from './governor-tracker';
import { TransactionFactsService } from './transaction-facts.service';

/**
 * Routes the governance, timelock and upgrade kinds of `protocol.events.v1` to the Governor tracker
 * and the upgrade lifecycle, with the facts of the event's transaction where the lifecycle joins on
 * them; other kinds are ignored. Failures propagate (the consumer policy retries, then dead-letters).
 */
@Injectable()
export class GovernanceEventsService {
  constructor(
    private readonly governors: GovernorTracker,
    private readonly lifecycle: LifecycleService,
    private readonly facts: TransactionFactsService,
  ) {}

  /** Handles one protocol event that occurred at `at` (ISO time). */
  async onProtocolEvent(event: ProtocolEvent, at: string): Promise<void> {
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
        return this.lifecycle.queuedInTransaction(event, await this.facts.of(event), at);
      case 'timelock_cancelled':
      case 'timelock_tx_cancelled':
        if (event.status === 'retracted') return this.lifecycle.retracted(event, at);
        return this.lifecycle.operationCancelled(event, at);
      case 'upgraded':
      case 'admin_changed':
      case 'beacon_upgraded':
      case 'diamond_cut':
        if (event.status === 'retracted') return this.lifecycle.retracted(event, at);
        return this.lifecycle.executed(event, await this.facts.of(event), at);
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
}
