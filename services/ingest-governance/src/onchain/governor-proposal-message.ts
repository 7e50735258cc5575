import { governanceProposalMessageId, proposalKey, type GovernanceProposal } from '@pum/contracts';
import type { OutboundMessage } from '@pum/platform';
import { formatUnits } from 'viem';
import { analyseVotes } from '../analysis/voting-analysis';
import type { StoredVote } from '../store/governance.repository';
import type { GovernorProposalEntity } from './governor-proposal.entity';
import type { GovernorKind } from './governor-reader';
import type { GovernorVoteEntity } from './governor-vote.entity';

/** Governor choices in the order `scores` lists them. */
export const GOVERNOR_CHOICES = ['For', 'Against', 'Abstain'];
/** `support` (GovernorCountingSimple: 0 against, 1 for, 2 abstain) → index in GOVERNOR_CHOICES. */
const CHOICE_OF_SUPPORT: Record<number, number> = { 0: 1, 1: 0, 2: 2 };

/**
 * The `governance.proposals.v1` message (to publish) of an on-chain proposal as last read, with the voting
 * analysis of its votes (the same analysis Snapshot proposals get; null before the first vote).
 *
 * @example governorProposalMessage(row, { votes, decimals: 18, clock: 'blocknumber' }).payload.scores // [for, against, abstain]
 */
export function governorProposalMessage(
  row: GovernorProposalEntity,
  extra: { votes: GovernorVoteEntity[]; decimals: number; clock: 'blocknumber' | 'timestamp'; kind?: GovernorKind },
): OutboundMessage<'governance.proposals.v1'> {
  const units = (value: string) => Number(formatUnits(BigInt(value), extra.decimals));
  const scores = [units(row.forVotes), units(row.againstVotes), units(row.abstainVotes)];
  const createdAt = row.createdAt.toISOString();
  const identity = { source: 'governor' as const, space: row.governor, id: row.proposalId };
  const payload: GovernanceProposal = {
    proposalKey: proposalKey(identity),
    ...identity,
    protocolId: row.protocolId,
    chainId: row.chainId,
    title: titleOf(row.description),
    body: row.description,
    choices: GOVERNOR_CHOICES,
    start: (row.startAt ?? row.createdAt).toISOString(),
    end: (row.endAt ?? row.createdAt).toISOString(),
    snapshotBlock: extra.clock === 'blocknumber' ? row.voteStart : null,
    state: row.state as GovernanceProposal['state'],
    author: row.proposer,
    createdAt,
    scores,
    scoresTotal: scores.reduce((sum, score) => sum + score, 0),
    votes: extra.votes.length,
    quorum: row.quorum === null ? null : units(row.quorum),
    url: null,
    analysis: null,
  };
  const votes = extra.votes.map((vote): StoredVote => ({
    proposalKey: payload.proposalKey,
    voteId: vote.eventId,
    voter: vote.voter,
    votingPower: units(vote.weight),
    choice: GOVERNOR_CHOICES.map((_, index) => (index === CHOICE_OF_SUPPORT[vote.support] ? 1 : 0)),
    reason: vote.reason,
    createdAt: vote.castAt,
  }));
  // OpenZeppelin GovernorCountingSimple (every governor read here, GovernorTimelockCompound included)
  // counts For + Abstain toward quorum; GovernorBravo counts For only.
  const quorumCounts = extra.kind === 'bravo' ? 'for' : 'for_abstain';
  payload.analysis = votes.length > 0 ? analyseVotes({ ...payload, quorumCounts }, votes) : null;
  return { key: payload.proposalKey, id: governanceProposalMessageId(payload), occurredAt: payload.analysis?.asOf ?? createdAt, payload };
}

/**
 * A proposal's title: the first line of its description without Markdown heading marks
 * (the convention Tally and the OZ Wizard follow).
 *
 * @example titleOf('# Upgrade the vault\n\nWhy…') // 'Upgrade the vault'
 */
export function titleOf(description: string): string {
  const first = description.split('\n').find((line) => line.trim() !== '') ?? '';
  return first.replace(/^#+\s*/, '').trim().slice(0, 300);
}
