import { proposalKey, type GovernanceProposal, type PlannedUpgrade } from '@pum/contracts';
import { detectScheduledUpgrades } from '@pum/evm';
import type { StoredVote } from '../store/governance.repository';
import { executionPlansOf } from './execution-plan';
import type { SnapshotChoice, SnapshotProposal, SnapshotVote } from './snapshot-schemas';

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** Key of a Snapshot proposal. */
export function snapshotProposalKey(space: string, id: string): string {
  return proposalKey({ source: 'snapshot', space, id });
}

/**
 * A hub proposal in the project's shape (analysis added later from the stored votes).
 *
 * @example normaliseSnapshotProposal(p, { protocolId: 'aave', appUrl: 'https://snapshot.box' }).url
 * // 'https://snapshot.box/#/s:aave.eth/proposal/0xab'
 */
export function normaliseSnapshotProposal(proposal: SnapshotProposal, context: { protocolId: string | null; appUrl: string }): GovernanceProposal {
  const space = proposal.space.id;
  return {
    proposalKey: snapshotProposalKey(space, proposal.id),
    source: 'snapshot',
    id: proposal.id,
    space,
    protocolId: context.protocolId,
    chainId: null,
    title: proposal.title,
    body: proposal.body,
    choices: proposal.choices,
    start: iso(proposal.start),
    end: iso(proposal.end),
    snapshotBlock: proposal.snapshot === null || !/^\d+$/.test(String(proposal.snapshot)) ? null : String(proposal.snapshot),
    state: proposal.state,
    author: proposal.author || null,
    createdAt: iso(proposal.created),
    scores: proposal.scores.map((score) => Math.max(0, score)),
    scoresTotal: Math.max(0, proposal.scores_total ?? proposal.scores.reduce((sum, score) => sum + score, 0)),
    votes: proposal.votes,
    quorum: proposal.quorum !== null && proposal.quorum > 0 ? proposal.quorum : null,
    url: `${context.appUrl.replace(/\/$/, '')}/#/s:${space}/proposal/${proposal.id}`,
    analysis: null,
    ...plannedUpgradesOf(proposal),
  };
}

/** The upgrades among the calls the proposal's execution plugins will make (field absent when none). */
function plannedUpgradesOf(proposal: SnapshotProposal): { plannedUpgrades?: PlannedUpgrade[] } {
  const planned = executionPlansOf(proposal.plugins, proposal.network).flatMap((plan) =>
    detectScheduledUpgrades(plan.calls).map((upgrade) => ({ chainId: plan.chainId, executor: plan.executor, module: plan.module, upgrade })),
  );
  return planned.length > 0 ? { plannedUpgrades: planned } : {};
}

/** A hub vote with its 1-based choice turned into weights per 0-based choice. */
export function normaliseSnapshotVote(space: string, vote: SnapshotVote): StoredVote {
  return {
    proposalKey: snapshotProposalKey(space, vote.proposal.id),
    voteId: vote.id,
    voter: vote.voter.toLowerCase(),
    votingPower: vote.vp,
    choice: choiceWeights(vote.choice),
    reason: vote.reason,
    createdAt: new Date(vote.created * 1000),
  };
}

/**
 * Weights per 0-based choice from a 1-based Snapshot choice: a number is that choice; an array
 * (approval, ranked) splits the power equally among the choices named; an object (weighted,
 * quadratic) in proportion to its weights.
 *
 * @example choiceWeights(2) // [0, 1]
 * @example choiceWeights({ '1': 3, '3': 1 }) // [0.75, 0, 0.25]
 */
export function choiceWeights(choice: SnapshotChoice): number[] {
  const entries: [number, number][] =
    typeof choice === 'number' ? [[choice, 1]] : Array.isArray(choice) ? choice.map((c) => [c, 1]) : Object.entries(choice).map(([c, weight]) => [Number(c), weight]);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const weights = Array.from({ length: Math.max(0, ...entries.map(([c]) => c)) }, () => 0);
  if (total > 0) entries.forEach(([c, weight]) => (weights[c - 1]! += weight / total));
  return weights;
}
