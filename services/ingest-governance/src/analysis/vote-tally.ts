import type { SideChange } from '@pum/contracts';
import type { StoredVote } from '../store/governance.repository';

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
  const sweep = new TallySweep();
  for (const vote of votes) sweep.add(vote);
  return sweep.tally(choiceCount);
}

/**
 * `tallyVotes` built one vote at a time, so a timeline of tallies costs one pass over the votes
 * (`analyseTimeline`); `tally()` gives what `tallyVotes` gives on the votes added so far, to the bit
 * (same iteration order, same sums).
 */
export class TallySweep {
  private readonly latest = new Map<string, StoredVote>();
  private readonly switches: { previous: StoredVote; next: StoredVote }[] = [];

  /** Adds the next vote in time order; returns the voter's vote it supersedes, if any. */
  add(vote: StoredVote): StoredVote | undefined {
    const previous = this.latest.get(vote.voter);
    if (previous && leading(previous.choice) !== leading(vote.choice)) this.switches.push({ previous, next: vote });
    this.latest.set(vote.voter, vote);
    return previous;
  }

  tally(choiceCount: number): VoteTally {
    return tallyOf([...this.latest.values()], this.switches, choiceCount);
  }
}

function tallyOf(current: StoredVote[], switches: readonly { previous: StoredVote; next: StoredVote }[], choiceCount: number): VoteTally {
  const scores = Array.from({ length: current.reduce((most, vote) => Math.max(most, vote.choice.length), choiceCount) }, () => 0);
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
