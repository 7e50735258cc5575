import type { GovernanceProposal, ProtocolEvent, ScheduledUpgradePayload, UpgradeAuthority, UpgradeProtocolEvent } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import type { GovernorState } from '../onchain/governor-reader';
import type { TransactionFacts } from '../onchain/transaction-facts';
import type { EventOf } from './event-of';
import { LifecycleOutbox } from './lifecycle-outbox';
import { LifecycleRepository } from './lifecycle.repository';
import { snapshotLinkOf } from './snapshot-link';
import { advance, currentStage, isOpen, retract, type ActiveStage, type ChainRef, type LifecycleRecord, type StageChange } from './stage-machine';
import { subjectOfExecuted, subjectOfScheduled, upgradeIdOf, type LifecycleOrigin, type UpgradeSubject } from './upgrade-subject';

/** A Governor proposal on one chain. */
export interface ProposalRef {
  chainId: number;
  governor: string;
  proposalId: string;
}

/** Governor states that move an upgrade; `queued` and `executed` come from their transactions instead (ETA, timelock, execution event). */
const STAGE_OF_STATE: Partial<Record<GovernorState, ActiveStage>> = {
  active: 'voting',
  succeeded: 'succeeded',
  defeated: 'defeated',
  canceled: 'cancelled',
  expired: 'expired',
};

/**
 * Correlates what happens to one upgrade — proposal, vote outcome, timelock queue, execution —
 * into one lifecycle, and writes each new stage once (rules in docs/governance.md, "Upgrade lifecycle").
 */
@Injectable()
export class LifecycleService {
  constructor(
    private readonly repository: LifecycleRepository,
    private readonly outbox: LifecycleOutbox,
  ) {}

  /** A proposal whose actions upgrade contracts: one lifecycle per upgrade, `proposed`. */
  async proposalCreated(event: EventOf<'proposal_created'>, at: string, title: string): Promise<void> {
    const origin: LifecycleOrigin = { type: 'governor', governor: event.contract, proposalId: event.proposalId };
    const proposal = { source: 'governor' as const, id: event.proposalId, space: event.contract, title, url: null };
    const snapshot = snapshotLinkOf(event.description);
    for (const upgrade of event.scheduledUpgrades) {
      const initial = newRecord(event.chainId, subjectOfScheduled(upgrade), origin, { protocolId: event.protocolId, callIndex: upgrade.callIndex, authority: 'governor', proposal, snapshot });
      await this.repository.apply(initial.upgradeId, (record) => advance(record, 'proposed', chainChange(event, at)), initial);
    }
    await this.outbox.flush();
  }

  /**
   * A Snapshot proposal version whose execution plugin (oSnap, SafeSnap) plans upgrades: one
   * lifecycle per upgrade, authority `snapshot`, moved by the vote — `proposed` at creation,
   * `voting` from its start, and once closed `succeeded` or `defeated` at its end, by the settled
   * analysis (pass probability 1 or 0). The Safe's execution later completes it (see `executed`).
   */
  async snapshotProposalSeen(proposal: GovernanceProposal): Promise<void> {
    if (proposal.source !== 'snapshot' || !proposal.plannedUpgrades?.length) return;
    const origin: LifecycleOrigin = { type: 'snapshot', space: proposal.space, proposalId: proposal.id };
    const ref = { source: 'snapshot' as const, id: proposal.id, space: proposal.space, title: proposal.title, url: proposal.url };
    const snapshot = proposal.url === null ? null : { space: proposal.space, id: proposal.id, url: proposal.url };
    const stages = snapshotStages(proposal);
    for (const planned of proposal.plannedUpgrades) {
      const initial = newRecord(planned.chainId, subjectOfScheduled(planned.upgrade), origin, {
        protocolId: proposal.protocolId,
        callIndex: planned.upgrade.callIndex,
        authority: 'snapshot',
        proposal: ref,
        snapshot,
      });
      for (const { stage, at } of stages) {
        const change = { at, evidence: `snapshot:${proposal.space}:${proposal.id}:${stage}`, chainRef: null };
        await this.repository.apply(initial.upgradeId, (record) => advance(record, stage, change), initial);
      }
    }
    await this.outbox.flush();
  }

  /**
   * A Governor state read from the chain at block `readAt`; `at` is when the state began (vote start,
   * deadline) or was seen. Stages it already stands in are left alone.
   */
  async proposalStateObserved(ref: ProposalRef, state: GovernorState, at: string, readAt: bigint): Promise<void> {
    const stage = STAGE_OF_STATE[state];
    if (!stage) return;
    await this.applyAll(await this.repository.idsByProposal(ref.chainId, ref.governor, ref.proposalId), stage, stateChange(ref, state, at, readAt));
  }

  /** `ProposalCanceled`: every upgrade of the proposal is cancelled, whatever stage it stood in. */
  async proposalCanceled(event: EventOf<'proposal_canceled'>, at: string): Promise<void> {
    await this.applyAll(await this.repository.idsByProposal(event.chainId, event.contract, event.proposalId), 'cancelled', chainChange(event, at));
  }

  /**
   * A transaction that queued calls: each Governor proposal queued in it moves its upgrades to
   * `queued` with the ETA and the timelock operation of the carrying call. A timelock log also adopts
   * its upgrades into the proposal's lifecycles when the proposal's creation was never seen (the
   * service started later). Calls scheduled on a timelock with no proposal in the transaction start
   * lifecycles of their own (authority `timelock`).
   */
  async queuedInTransaction(event: EventOf<'proposal_queued'> | TimelockQueueEvent, facts: TransactionFacts, at: string): Promise<void> {
    const chainRef = { transactionHash: event.transactionHash, blockHash: event.blockHash };
    for (const queued of facts.proposalsQueued) {
      const change = { at, evidence: `${event.chainId}:${event.transactionHash}:${queued.logIndex}@${event.blockHash}`, chainRef };
      const toQueued = (record: LifecycleRecord) => {
        const operation = facts.operationsScheduled.find((op) => op.index === record.callIndex);
        const timelock = operation ? { address: operation.timelock as `0x${string}`, operationId: operation.operationId } : record.timelock;
        return advance(record, 'queued', { ...change, facts: { eta: isoOfUnix(queued.eta), timelock } });
      };
      if (event.kind !== 'proposal_queued') {
        const origin: LifecycleOrigin = { type: 'governor', governor: queued.governor, proposalId: queued.proposalId };
        const proposal = { source: 'governor' as const, id: queued.proposalId, space: queued.governor, title: null, url: null };
        for (const upgrade of event.scheduledUpgrades) {
          const initial = newRecord(event.chainId, subjectOfScheduled(upgrade), origin, { protocolId: event.protocolId, callIndex: callIndexOf(event, upgrade, facts), authority: 'governor', proposal, snapshot: null });
          await this.repository.apply(initial.upgradeId, toQueued, initial);
        }
      }
      for (const upgradeId of await this.repository.idsByProposal(event.chainId, queued.governor, queued.proposalId)) {
        await this.repository.apply(upgradeId, toQueued);
      }
    }
    if (facts.proposalsQueued.length === 0 && event.kind !== 'proposal_queued') await this.timelockScheduled(event, facts, at);
    await this.outbox.flush();
  }

  /** A timelock operation cancelled (OZ `Cancelled`, Compound `CancelTransaction`). */
  async operationCancelled(event: EventOf<'timelock_cancelled' | 'timelock_tx_cancelled'>, at: string): Promise<void> {
    const operationId = 'operationId' in event ? event.operationId : event.txHash;
    await this.applyAll(await this.repository.idsByOperation(event.chainId, event.contract, operationId), 'cancelled', chainChange(event, at));
  }

  /**
   * An upgrade ran (`Upgraded`, `BeaconUpgraded`, `DiamondCut`, `AdminChanged`). It completes the
   * open lifecycle of the same upgrade whose proposal or timelock operation executed in the same
   * transaction. Otherwise its lifecycle is keyed by the proposal or timelock operation that executed
   * in the transaction (ProposalExecuted, CallExecuted, ExecuteTransaction) — the key that proposal's
   * own events give it, so a proposal or queue handled later (another partition, a catch-up) lands on
   * this executed lifecycle instead of starting a second one; with neither it skipped governance and
   * is keyed by the transaction, authority from it (a Safe, the sending key).
   */
  async executed(event: UpgradeProtocolEvent, facts: TransactionFacts, at: string): Promise<void> {
    const subject = subjectOfExecuted(event);
    if (!subject) return;
    const change = { ...chainChange(event, at), facts: { executionEventId: event.eventId } };
    const known = await this.repository.bySubject(event.chainId, subject.target, subject.subject);
    // The same log again (`confirmed` after `pending`, a replay): its lifecycle already executed.
    if (known.some((record) => record.executionEventId === event.eventId)) return;
    const planned = known.filter((record) => isOpen(record) && ranIn(record, facts));
    // The same upgrade approved off chain (a Snapshot vote with an execution plugin): its Safe runs
    // exactly this target and implementation, so the execution completes that lifecycle too.
    const voted = known.filter((record) => record.proposal?.source === 'snapshot' && currentStage(record) === 'succeeded');
    if (planned.length > 0 || voted.length > 0) {
      await this.applyAll([...planned, ...voted].map((record) => record.upgradeId), 'executed', change);
      return;
    }
    const origin = executionOrigin(facts);
    const proposal = origin.type === 'governor' ? { source: 'governor' as const, id: origin.proposalId, space: origin.governor, title: null, url: null } : null;
    const initial = newRecord(event.chainId, subject, origin, { protocolId: event.protocolId, callIndex: null, authority: authorityOf(facts), proposal, snapshot: null });
    const timelock = origin.type === 'timelock' ? { timelock: { address: origin.timelock as `0x${string}`, operationId: origin.operationId } } : {};
    await this.repository.apply(initial.upgradeId, (record) => advance(record, 'executed', { ...change, facts: { ...change.facts, ...timelock } }), initial);
    await this.outbox.flush();
  }

  /** An event left the canonical chain: the stages its transaction brought are taken back. */
  async retracted(event: ProtocolEvent, at: string): Promise<void> {
    const ref: ChainRef = { transactionHash: event.transactionHash, blockHash: event.blockHash };
    const change = { at, evidence: `${event.eventId}@${event.blockHash}` };
    for (const upgradeId of await this.repository.idsByChainRef(ref)) {
      await this.repository.apply(upgradeId, (record) => retract(record, ref, change));
    }
    await this.outbox.flush();
  }

  private async timelockScheduled(event: TimelockQueueEvent, facts: TransactionFacts, at: string): Promise<void> {
    const operationId = event.kind === 'timelock_call_scheduled' ? event.operationId : event.txHash;
    const origin: LifecycleOrigin = { type: 'timelock', timelock: event.contract, operationId };
    const timelock = { address: event.contract, operationId };
    for (const upgrade of event.scheduledUpgrades) {
      const initial = newRecord(event.chainId, subjectOfScheduled(upgrade), origin, { protocolId: event.protocolId, callIndex: callIndexOf(event, upgrade, facts), authority: 'timelock', proposal: null, snapshot: null });
      const known = { timelock, eta: upgrade.eta === null ? null : isoOfUnix(upgrade.eta) };
      await this.repository.apply(initial.upgradeId, (record) => advance(record, 'queued', { ...chainChange(event, at), facts: known }), initial);
    }
  }

  private async applyAll(upgradeIds: string[], stage: ActiveStage, change: StageChange): Promise<void> {
    for (const upgradeId of upgradeIds) await this.repository.apply(upgradeId, (record) => advance(record, stage, change));
    await this.outbox.flush();
  }
}

type TimelockQueueEvent = EventOf<'timelock_call_scheduled' | 'timelock_tx_queued'>;

/** The stages a Snapshot proposal version proves, in order, with when each began. */
function snapshotStages(proposal: GovernanceProposal): { stage: ActiveStage; at: string }[] {
  const stages: { stage: ActiveStage; at: string }[] = [{ stage: 'proposed', at: proposal.createdAt }];
  if (proposal.state === 'pending') return stages;
  stages.push({ stage: 'voting', at: proposal.start });
  const settled = proposal.state === 'closed' ? proposal.analysis?.passProbability : undefined;
  if (settled === 1) stages.push({ stage: 'succeeded', at: proposal.end });
  if (settled === 0) stages.push({ stage: 'defeated', at: proposal.end });
  return stages;
}

/** Position of the call carrying `upgrade` in its operation: OZ's batch index; Compound's order among the timelock's queued calls in the transaction. */
function callIndexOf(event: TimelockQueueEvent, upgrade: ScheduledUpgradePayload, facts: TransactionFacts): number {
  if (event.kind === 'timelock_call_scheduled') return Number(event.index);
  return facts.operationsScheduled.find((op) => op.operationId === event.txHash)?.index ?? upgrade.callIndex;
}

/** Who authorised an upgrade that no tracked proposal or timelock operation announced. */
export function authorityOf(facts: TransactionFacts): UpgradeAuthority {
  if (facts.safeExecutions.length > 0) return 'multisig';
  if (facts.proposalsExecuted.length > 0) return 'governor';
  if (facts.operationsExecuted.length > 0) return 'timelock';
  return facts.senderIsContract ? 'contract' : 'eoa';
}

/** What an unplanned execution belongs to: the proposal, else the timelock operation, that ran in its transaction; else the transaction. */
function executionOrigin(facts: TransactionFacts): LifecycleOrigin {
  const [proposal] = facts.proposalsExecuted;
  if (proposal) return { type: 'governor', governor: proposal.governor, proposalId: proposal.proposalId };
  const [operation] = facts.operationsExecuted;
  if (operation) return { type: 'timelock', timelock: operation.timelock, operationId: operation.operationId };
  return { type: 'tx', transactionHash: facts.transactionHash };
}

/** Whether a planned upgrade's proposal or timelock operation executed in this transaction. */
function ranIn(record: LifecycleRecord, facts: TransactionFacts): boolean {
  const { proposal, timelock } = record;
  const byProposal = proposal !== null && facts.proposalsExecuted.some((p) => p.governor === proposal.space && p.proposalId === proposal.id);
  const byOperation = timelock !== null && facts.operationsExecuted.some((op) => op.timelock === timelock.address && op.operationId === timelock.operationId);
  return byProposal || byOperation;
}

function newRecord(
  chainId: number,
  subject: UpgradeSubject,
  origin: LifecycleOrigin,
  rest: Pick<LifecycleRecord, 'protocolId' | 'callIndex' | 'authority' | 'proposal' | 'snapshot'>,
): LifecycleRecord {
  return {
    upgradeId: upgradeIdOf(chainId, subject, origin),
    chainId,
    ...subject,
    ...rest,
    timelock: null,
    eta: null,
    executionEventId: null,
    stages: [],
  };
}

/**
 * The change a Governor state read brings. Its evidence names the block read at: a stage reached
 * again after a reorg took it back is then a new message, not a duplicate of the retracted one.
 *
 * @example stateChange(ref, 'active', at, 120n).evidence // '31337:0xgov:7:state:active@120'
 */
export function stateChange(ref: ProposalRef, state: GovernorState, at: string, readAt: bigint): StageChange {
  return { at, evidence: `${ref.chainId}:${ref.governor}:${ref.proposalId}:state:${state}@${readAt}`, chainRef: null };
}

function chainChange(event: ProtocolEvent, at: string): StageChange {
  return { at, evidence: `${event.eventId}@${event.blockHash}`, chainRef: { transactionHash: event.transactionHash, blockHash: event.blockHash } };
}

function isoOfUnix(seconds: string): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
