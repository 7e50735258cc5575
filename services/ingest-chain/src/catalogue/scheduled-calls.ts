import type { DecodedCatalogueEvent, ProposalCreatedEvent, TimelockCallScheduledEvent, TimelockTxQueuedEvent } from './catalogue-event';
import type { ScheduledCall } from '@pum/evm';
import { signatureCalldata } from '@pum/evm';

/**
 * The actions of a governor proposal as the calls they will make. Bravo-style actions with a
 * non-empty signature get its selector prepended, as the timelock will. The ETA is unknown until
 * `ProposalQueued` — pass it then.
 *
 * @example callsOfProposal(created, queued.eta) // [{ target, value, data, eta }]
 */
export function callsOfProposal(event: ProposalCreatedEvent, eta: string | null = null): ScheduledCall[] {
  return event.targets.map((target, i) => ({
    target,
    value: event.values[i] ?? '0',
    data: signatureCalldata(event.signatures[i] ?? '', event.calldatas[i] ?? '0x'),
    eta,
  }));
}

/**
 * The call of an OZ TimelockController `CallScheduled`; ready at the scheduling block's timestamp plus `delay`.
 *
 * @example callOfTimelockSchedule(scheduled, 1_700_000_000n) // { …, eta: '1700172800' } for a 2-day delay
 */
export function callOfTimelockSchedule(event: TimelockCallScheduledEvent, blockTimestamp: bigint | number): ScheduledCall {
  return {
    target: event.target,
    value: event.value,
    data: event.data,
    eta: (BigInt(blockTimestamp) + BigInt(event.delay)).toString(10),
  };
}

/**
 * The call of a Compound Timelock `QueueTransaction`, with the calldata the timelock will send and its `eta`.
 *
 * @example callOfCompoundQueue(queued) // { target, value, data: selector ++ data, eta: queued.eta }
 */
export function callOfCompoundQueue(event: TimelockTxQueuedEvent): ScheduledCall {
  return { target: event.target, value: event.value, data: event.calldata, eta: event.eta };
}

/**
 * The calls a decoded catalogue event schedules; empty for events that schedule nothing.
 * `blockTimestamp` is the emitting block's, needed for OZ timelock ETAs.
 *
 * @example detectScheduledUpgrades(scheduledCallsOf(decodeCatalogueLog(log), block.timestamp))
 */
export function scheduledCallsOf(event: DecodedCatalogueEvent, blockTimestamp: bigint | number): ScheduledCall[] {
  switch (event.kind) {
    case 'proposal_created':
      return callsOfProposal(event);
    case 'timelock_call_scheduled':
      return [callOfTimelockSchedule(event, blockTimestamp)];
    case 'timelock_tx_queued':
      return [callOfCompoundQueue(event)];
    // Listed, not defaulted: a new kind must decide whether it schedules calls.
    case 'upgraded':
    case 'admin_changed':
    case 'beacon_upgraded':
    case 'diamond_cut':
    case 'ownership_transferred':
    case 'role_granted':
    case 'role_revoked':
    case 'role_admin_changed':
    case 'paused':
    case 'unpaused':
    case 'vote_cast':
    case 'proposal_queued':
    case 'proposal_executed':
    case 'proposal_canceled':
    case 'timelock_call_executed':
    case 'timelock_cancelled':
    case 'timelock_min_delay_changed':
    case 'timelock_tx_executed':
    case 'timelock_tx_cancelled':
    case 'timelock_delay_changed':
    case 'safe_owner_added':
    case 'safe_owner_removed':
    case 'safe_threshold_changed':
    case 'safe_execution_success':
    case 'safe_execution_failure':
    case 'safe_module_enabled':
    case 'safe_module_disabled':
    case 'safe_guard_changed':
      return [];
  }
}
