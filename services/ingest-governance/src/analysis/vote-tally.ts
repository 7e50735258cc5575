import type { SideChange } from '@pum/contracts';
import type { StoredVote } from '../store/governance-store';

/** A voter holding at least this share of the turnout is a large voter whose change of side is reported. */
export const LARGE_VOTER_SHARE = 0.01;

export interface VoteTally {
  /** Voting power per 0-based choice. */
  scores: number[];
  /** Each voter's latest vote. */
  current: StoredVote[];
  turnout: number;
  sideChanges: SideChange[];
}

/**
 * Tallies time-ordered votes: a voter's later vote supersedes the earlier one (Snapshot lets voters
 * change their vote), and a large voter whose leading choice changed is reported.
 *
 * @example tallyVotes(votes, 3).scores // [1200, 300, 0]
 */
export function tallyVotes(votes: StoredVote[], choiceCount: number): VoteTally {
  const latest = new Map<string, StoredVote>();
  const switches: { previous: StoredVote; next: StoredVote }[] = [];
  for (const vote of votes) {
    const previous = latest.get(vote.voter);
    if (previous && leading(previous.choice) !== leading(vote.choice)) switches.push({ previous, next: vote });
    latest.set(vote.voter, vote);
  }
  const current = [...latest.values()];
  const scores = Array.from({ length: Math.max(choiceCount, ...current.map((vote) => vote.choice.length)) }, () => 0);
  for (const vote of current) vote.choice.forEach((weight, index) => (scores[index] += weight * vote.votingPower));
  const turnout = current.reduce((sum, vote) => sum + vote.votingPower, 0);
  const sideChanges = switches
    .filter(({ next }) => turnout > 0 && next.votingPower >= LARGE_VOTER_SHARE * turnout)
    .map(({ previous, next }) => ({ voter: next.voter, votingPower: next.votingPower, from: leading(previous.choice), to: leading(next.choice), at: next.createdAt.toISOString() }));
  return { scores, current, turnout, sideChanges };
}

/** The choice a vote weighs most (the first on a tie). */
function leading(weights: number[]): number {
  return weights.reduce((best, weight, index) => (weight > weights[best]! ? index : best), 0);
}
