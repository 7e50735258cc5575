import { TOPICS } from '@pum/contracts';
import { EventPublisher, MetricsService } from '@pum/platform';
import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { publishRawRecords } from '../http/raw-records';
import type { EventOf } from '../lifecycle/event-of';
import { LifecycleService, type ProposalRef } from '../lifecycle/lifecycle.service';
import type { GovernorProposalEntity } from './governor-proposal.entity';
import { governorProposalMessage, titleOf } from './governor-proposal-message';
import { GovernorProposalRepository } from './governor-proposal.repository';
import { GovernorReaders } from './governor-readers';
import { UnsupportedGovernorError, type GovernorKind, type GovernorProposalView, type GovernorState } from './governor-reader';
import { TransactionFactsService } from './transaction-facts.service';

type GovernorEvent = EventOf<'proposal_created' | 'vote_cast' | 'proposal_queued' | 'proposal_executed' | 'proposal_canceled'>;

/**
 * Keeps each on-chain proposal's status true. Events say when something happened; the state is
 * always read from the Governor itself (at the head), which also reveals what no event announces:
 * Active → Succeeded/Defeated at the deadline, Queued → Expired after the grace period.
 */
@Injectable()
export class GovernorTracker {
  private readonly reads: Counter<'chain_id' | 'trigger'>;
  private readonly logger = new Logger(GovernorTracker.name);

  constructor(
    private readonly proposals: GovernorProposalRepository,
    private readonly governors: GovernorReaders,
    private readonly lifecycle: LifecycleService,
    private readonly facts: TransactionFactsService,
    private readonly publisher: EventPublisher,
    metrics: MetricsService,
  ) {
    this.reads = new Counter({
      name: 'pum_governor_proposal_reads_total',
      help: 'Proposal state reads from Governors, by chain and trigger (event, recheck).',
      labelNames: ['chain_id', 'trigger'] as const,
      registers: [metrics.registry],
    });
  }

  /** Handles one Governor log (any status); the caller routes only Governor kinds here. */
  async onEvent(event: GovernorEvent, at: string): Promise<void> {
    const ref = { chainId: event.chainId, governor: event.contract, proposalId: event.proposalId };
    if (event.status === 'retracted') await this.retracted(event, ref, at);
    else await this.observed(event, ref, at);
    await this.refresh(ref, 'event');
  }

  /**
   * Reads open proposals of a chain that were not read at its head yet, at most `limit` of them,
   * least recently read first. Returns how many were read. A proposal whose read fails is logged and
   * goes to the back of the queue, so it cannot hold up the others.
   */
  async recheck(chainId: number, limit: number): Promise<number> {
    const head = await this.governors.of(chainId).head();
    const due = await this.proposals.due(chainId, head.number, limit);
    for (const ref of due) {
      try {
        await this.refresh(ref, 'recheck', head);
      } catch (error) {
        this.logger.warn({ msg: 'governor proposal re-check failed', chain_id: chainId, governor: ref.governor, proposal_id: ref.proposalId, error: error instanceof Error ? error.message : String(error) });
        await this.proposals.markChecked(ref, head.number);
      }
    }
    return due.length;
  }

  private async observed(event: GovernorEvent, ref: ProposalRef, at: string): Promise<void> {
    switch (event.kind) {
      case 'proposal_created':
        await this.proposals.saveCreated({
          ...ref,
          protocolId: event.protocolId,
          proposer: event.proposer,
          description: event.description,
          voteStart: event.voteStart,
          voteEnd: event.voteEnd,
          createdAt: new Date(at),
          createdEventId: event.eventId,
          createdBlockHash: event.blockHash,
        });
        await this.lifecycle.proposalCreated(event, at, titleOf(event.description));
        return;
      case 'vote_cast':
        await this.proposals.saveVote({ ...ref, eventId: event.eventId, voter: event.voter, support: event.support, weight: event.weight, reason: event.reason, blockHash: event.blockHash, castAt: new Date(at) });
        return;
      case 'proposal_queued':
        await this.lifecycle.queuedInTransaction(event, await this.facts.of(event), at);
        return;
      case 'proposal_canceled':
        await this.lifecycle.proposalCanceled(event, at);
        return;
      case 'proposal_executed':
        // The upgrade's `executed` stage comes with its Upgraded/DiamondCut event, which names the execution.
        return;
    }
  }

  private async retracted(event: GovernorEvent, ref: ProposalRef, at: string): Promise<void> {
    if (event.kind === 'proposal_created') await this.proposals.retract(ref, event.blockHash);
    if (event.kind === 'vote_cast') await this.proposals.deleteVote(event.eventId, event.blockHash);
    await this.lifecycle.retracted(event, at);
  }

  /**
   * Reads a proposal at the head; moves its upgrades, announces and stores it when anything changed —
   * with the proposal's row locked, so a read at an older head (a re-check that waited) is dropped
   * instead of announced after a newer one.
   */
  private async refresh(ref: ProposalRef, trigger: 'event' | 'recheck', head?: { number: bigint; timestamp: bigint }): Promise<void> {
    const reader = this.governors.of(ref.chainId);
    await this.proposals.serialisedRead(ref, async (row) => {
      if (!row || row.retracted) return null;
      const at = head ?? (await reader.head());
      if (at.number < BigInt(row.checkedBlock)) return null;
      this.reads.inc({ chain_id: String(ref.chainId), trigger });
      const checked = { ...row, checkedBlock: at.number.toString(), checkedAt: new Date() };
      const firstRead = row.checkedBlock === '0';
      // A re-check asks only `state`: votes arrive as events, so nothing else changes while the state stands.
      if (trigger === 'recheck' && !firstRead && (await reader.state(ref.governor, ref.proposalId, at.number)) === row.state) return checked;
      const view = await this.readOrSkip(ref, at);
      if (!view) return checked;
      const [startAt, endAt] = await Promise.all([reader.timeOf(ref.governor, view.snapshot, at), reader.timeOf(ref.governor, view.deadline, at)]);
      const next: GovernorProposalEntity = {
        ...checked,
        state: view.state,
        forVotes: view.forVotes.toString(),
        againstVotes: view.againstVotes.toString(),
        abstainVotes: view.abstainVotes.toString(),
        quorum: view.quorum?.toString() ?? null,
        eta: view.eta?.toString() ?? null,
        startAt: dateOfUnix(startAt),
        endAt: dateOfUnix(endAt),
        checkedBlock: view.blockNumber.toString(),
      };
      // Stored when this returns: if moving the upgrades or publishing fails, the change is still there
      // to see next time (both are idempotent: stages only move forward, message ids are deterministic).
      // An event's read re-asserts the stage too: a proposal re-included after a reorg took its stages back
      // has the same state as stored, and must reach its stage again.
      if (next.state !== row.state || trigger === 'event') await this.lifecycle.proposalStateObserved(ref, view.state, stateSince(view, next), view.blockNumber);
      const changed = ['state', 'forVotes', 'againstVotes', 'abstainVotes', 'quorum'].some((field) => next[field as keyof GovernorProposalEntity] !== row[field as keyof GovernorProposalEntity]);
      if (changed || firstRead) await this.announce(next, view);
      return next;
    });
  }

  /**
   * The proposal as its governor answers it, or null (logged) when the contract answers neither
   * governor ABI: its events are still stored, and the partition moves on.
   */
  private async readOrSkip(ref: ProposalRef, at: { number: bigint; timestamp: bigint }): Promise<GovernorProposalView | null> {
    try {
      return await this.governors.of(ref.chainId).proposal(ref.governor, ref.proposalId, at);
    } catch (error) {
      if (!(error instanceof UnsupportedGovernorError)) throw error;
      this.logger.warn({ msg: 'governor proposal not read: unsupported governor', chain_id: ref.chainId, governor: ref.governor, proposal_id: ref.proposalId, error: error.message });
      return null;
    }
  }

  /** Publishes what the Governor said (`governance.raw.v1`) and the proposal as it now stands (`governance.proposals.v1`). */
  private async announce(row: GovernorProposalEntity, view: GovernorProposalView): Promise<void> {
    const reader = this.governors.of(row.chainId);
    const kind = await reader.kind(row.governor, row.proposalId);
    await publishRawRecords(
      this.publisher,
      [
        {
          source: 'governor',
          kind: 'proposal',
          externalId: row.proposalId,
          scope: row.governor,
          protocolId: row.protocolId,
          request: `${READ_REQUEST[kind]} @${view.blockNumber}`,
          body: Object.fromEntries(Object.entries(view).map(([field, value]) => [field, typeof value === 'bigint' ? value.toString() : value])),
          version: view.blockNumber.toString(),
          occurredAt: dateOfUnix(view.blockTime),
        },
      ],
    );
    const [votes, profile] = await Promise.all([this.proposals.votes(row), reader.profile(row.governor)]);
    await this.publisher.publish(TOPICS.governanceProposals, [governorProposalMessage(row, { votes, ...profile, kind })]);
  }
}

/** The calls a read made, by the governor's ABI (the `request` of its raw record). */
const READ_REQUEST: Record<GovernorKind, string> = {
  oz: 'state proposalVotes proposalSnapshot proposalDeadline proposalEta quorum',
  bravo: 'state proposals quorumVotes',
};

/** When a state began: voting at the snapshot, the outcome at the deadline, anything else when it was read. */
function stateSince(view: GovernorProposalView, row: GovernorProposalEntity): string {
  const since: Partial<Record<GovernorState, Date | null>> = { active: row.startAt, succeeded: row.endAt, defeated: row.endAt };
  return (since[view.state] ?? dateOfUnix(view.blockTime)).toISOString();
}

function dateOfUnix(seconds: bigint): Date {
  return new Date(Number(seconds) * 1000);
}
