import type { GovernanceProposal, VotingAnalysis } from '@pum/contracts';
import type { StoredVote } from '../store/governance.repository';
import { concentration, concentrationOfSorted } from './concentration';
import { passProbability, PREDICTION_METHOD } from './pass-probability';
import { TallySweep, tallyVotes, type VoteTally } from './vote-tally';

/**
 * Which votes count toward quorum, as the voting system defines it: `all` (Snapshot: `scores_total`),
 * `for_abstain` (OpenZeppelin GovernorCountingSimple: For + Abstain), `for` (Compound GovernorBravo:
 * For only).
 */
export type QuorumCounts = 'all' | 'for_abstain' | 'for';

/**
 * What the analysis needs of a proposal; its `state`, when given, settles the probability of a
 * decided one; `quorumCounts` (default `all`) says which votes reach quorum.
 */
export type AnalysedProposal = Pick<GovernanceProposal, 'choices' | 'start' | 'end' | 'quorum' | 'createdAt'> &
  Partial<Pick<GovernanceProposal, 'state'>> & { quorumCounts?: QuorumCounts };

/** States in which the outcome is known: the prediction is then the outcome, not a projection. */
const PASSED_STATES: ReadonlySet<string> = new Set(['succeeded', 'queued', 'executed']);
const FAILED_STATES: ReadonlySet<string> = new Set(['defeated', 'canceled', 'expired']);

const PASS_LABEL = /^\s*(for|yes|yea|yae|aye|approve|accept|in favou?r)\b/i;
const ABSTAIN_LABEL = /^\s*abstain/i;

/** The choice that counts as passing: the first For/Yes-like label, else the first choice. */
export function passChoiceOf(choices: string[]): number {
  const index = choices.findIndex((choice) => PASS_LABEL.test(choice));
  return index >= 0 ? index : 0;
}

/** Choices that decide the outcome (abstentions only count for quorum). */
function decisiveChoices(choices: string[], count: number): number[] {
  return Array.from({ length: count }, (_, index) => index).filter((index) => !ABSTAIN_LABEL.test(choices[index] ?? ''));
}

/**
 * The voting analysis of a proposal from its votes cast up to `asOf` (default: all of them, as of
 * the latest). Pure, so the backtest replays it at any point of the voting period.
 *
 * @example analyseVotes(proposal, votes).passProbability
 */
export function analyseVotes(proposal: AnalysedProposal, votes: StoredVote[], asOf?: Date): VotingAnalysis {
  const counted = asOf ? votes.filter((vote) => vote.createdAt <= asOf) : votes;
  // Only the current analysis is settled by the state: one as of an earlier instant (a replay, the
  // backtest) must not know how the vote ended.
  const settled = asOf ? null : settledProbability(proposal, counted);
  const at = asOf ?? counted.at(-1)?.createdAt ?? new Date(proposal.createdAt);
  return analyseTally(proposal, tallyVotes(counted, proposal.choices.length), at, settled);
}

/**
 * `analyseVotes(proposal, votes, at)` for each of the ascending `instants`, equal to it to the bit,
 * in one pass over the time-ordered votes: the tally grows vote by vote and the voters' decisive
 * powers stay sorted (binary-search insertion), instead of re-tallying and re-sorting every vote for
 * every instant — a 50,000-vote Snapshot proposal read a page at a time was quadratic (13 s of CPU a
 * page for its 200 versions). Hand-written: no library keeps these running figures.
 *
 * @example analyseTimeline(proposal, votes, [new Date(t1), new Date(t2)]).map((a) => a.passProbability)
 */
export function analyseTimeline(proposal: AnalysedProposal, votes: StoredVote[], instants: Date[]): VotingAnalysis[] {
  const sweep = new TallySweep();
  const sorted: number[] = []; // voting powers > 0 of the current votes, descending
  let next = 0;
  return instants.map((at) => {
    for (; next < votes.length && votes[next]!.createdAt <= at; next++) {
      const vote = votes[next]!;
      const previous = sweep.add(vote);
      if (previous) removeSorted(sorted, previous.votingPower);
      insertSorted(sorted, vote.votingPower);
    }
    return analyseTally(proposal, sweep.tally(proposal.choices.length), at, null, sorted);
  });
}

/** Inserts a positive power into a descending array (binary search; the splice is a memmove). */
function insertSorted(sorted: number[], power: number): void {
  if (power > 0) sorted.splice(firstNotAbove(sorted, power), 0, power);
}

/** Removes one occurrence of a positive power from a descending array. */
function removeSorted(sorted: number[], power: number): void {
  if (!(power > 0)) return;
  const index = firstNotAbove(sorted, power);
  if (sorted[index] === power) sorted.splice(index, 1);
}

/** The first index of a descending array whose value is not above `power` (its length when none). */
function firstNotAbove(sorted: readonly number[], power: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! > power) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The analysis of a tally as of `at`; `sortedPowers` (the current voting powers > 0, descending) saves the sort when known. */
function analyseTally(proposal: AnalysedProposal, tally: VoteTally, at: Date, settled: number | null, sortedPowers?: readonly number[]): VotingAnalysis {
  const passChoice = passChoiceOf(proposal.choices);
  const decisive = decisiveChoices(proposal.choices, tally.scores.length);
  const ranked = [...decisive].sort((a, b) => tally.scores[b]! - tally.scores[a]!);
  const decisiveTotal = decisive.reduce((sum, index) => sum + tally.scores[index]!, 0);
  const rival = ranked.find((index) => index !== passChoice);
  const start = Date.parse(proposal.start);
  const end = Date.parse(proposal.end);
  const elapsed = end > start ? Math.min(1, Math.max(0, (at.getTime() - start) / (end - start))) : 1;
  const quorum = proposal.quorum !== null && proposal.quorum > 0 ? proposal.quorum : null;
  const decisivePowers = tally.current.map((vote) => vote.votingPower * decisive.reduce((sum, index) => sum + (vote.choice[index] ?? 0), 0));
  const squares = decisivePowers.reduce((sum, power) => sum + power ** 2, 0);
  const quorumPower = quorumPowerOf(proposal, tally);
  return {
    asOf: at.toISOString(),
    turnout: tally.turnout,
    quorum,
    quorumRatio: quorum === null ? null : quorumPower / quorum,
    passChoice,
    leadingChoice: tally.turnout > 0 ? (ranked[0] ?? null) : null,
    margin: decisiveTotal > 0 ? (tally.scores[ranked[0]!]! - (ranked[1] === undefined ? 0 : tally.scores[ranked[1]]!)) / decisiveTotal : 0,
    timeLeftSeconds: Math.max(0, Math.round((end - at.getTime()) / 1000)),
    elapsed,
    concentration: sortedPowers ? concentrationOfSorted(sortedPowers) : concentration(tally.current.map((vote) => vote.votingPower)),
    sideChanges: tally.sideChanges,
    passProbability: settled ?? passProbability({
      forPower: tally.scores[passChoice] ?? 0,
      againstPower: rival === undefined ? 0 : tally.scores[rival]!,
      quorumPower,
      quorum,
      elapsed,
      effectiveVoters: squares > 0 ? decisiveTotal ** 2 / squares : 0,
    }),
    method: PREDICTION_METHOD,
  };
}

/** 1 or 0 once the proposal's state says how it ended (a closed Snapshot vote by its final tally); null while open. */
function settledProbability(proposal: AnalysedProposal, votes: StoredVote[]): number | null {
  if (proposal.state === undefined) return null;
  if (PASSED_STATES.has(proposal.state)) return 1;
  if (FAILED_STATES.has(proposal.state)) return 0;
  if (proposal.state === 'closed') return passed(proposal, votes) ? 1 : 0;
  return null;
}

/** Whether the proposal passed on these (final) votes: the pass choice ahead of every other decisive choice, with quorum. */
export function passed(proposal: AnalysedProposal, votes: StoredVote[]): boolean {
  const tally = tallyVotes(votes, proposal.choices.length);
  const passChoice = passChoiceOf(proposal.choices);
  const forPower = tally.scores[passChoice] ?? 0;
  const beaten = decisiveChoices(proposal.choices, tally.scores.length).some((index) => index !== passChoice && tally.scores[index]! >= forPower);
  const quorum = proposal.quorum ?? 0;
  return forPower > 0 && !beaten && quorumPowerOf(proposal, tally) >= quorum;
}

/** The power that counts toward this proposal's quorum under its `quorumCounts` rule. */
function quorumPowerOf(proposal: AnalysedProposal, tally: Pick<ReturnType<typeof tallyVotes>, 'scores' | 'turnout'>): number {
  const counts = proposal.quorumCounts ?? 'all';
  if (counts === 'all') return tally.turnout;
  const passChoice = passChoiceOf(proposal.choices);
  return tally.scores.reduce((sum, score, index) => {
    const counted = index === passChoice || (counts === 'for_abstain' && ABSTAIN_LABEL.test(proposal.choices[index] ?? ''));
    return counted ? sum + score : sum;
  }, 0);
}
