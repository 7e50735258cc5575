import type { StoredVote } from '../store/governance.repository';
import { analyseVotes, passed, type AnalysedProposal } from './voting-analysis';

/** A closed proposal with every vote it received. */
export interface BacktestCase {
  proposal: AnalysedProposal;
  votes: StoredVote[];
}

export interface CheckpointScore {
  /** Share of the voting period elapsed when the prediction was made. */
  at: number;
  /** Mean squared error of the pass probability against the outcome (0 perfect, 0.25 a coin). */
  brier: number;
  /** Share of proposals whose outcome the probability called right (≥ 0.5 means pass). */
  accuracy: number;
  /** Accuracy of the naive call "the pass choice leads now", for comparison. */
  leaderAccuracy: number;
}

/** A pass probability for a proposal as of `moment`, from the votes cast by then. */
export type Forecaster = (proposal: AnalysedProposal, votes: StoredVote[], moment: Date) => number;

/** The service's model (`analyseVotes`, method in docs/governance.md). */
const modelForecast: Forecaster = (proposal, votes, moment) => analyseVotes(proposal, votes, moment).passProbability;

export interface BacktestReport {
  proposals: number;
  passed: number;
  checkpoints: CheckpointScore[];
}

/**
 * Replays each proposal's votes in time order and scores the pass probability (the model's, or
 * `forecast`'s to compare a baseline) at points of its voting period against the final outcome.
 *
 * @example backtest(cases).checkpoints // [{ at: 0.25, brier: 0.12, accuracy: 0.8, leaderAccuracy: 0.7 }, …]
 */
export function backtest(cases: BacktestCase[], points: number[] = [0.25, 0.5, 0.75], forecast: Forecaster = modelForecast): BacktestReport {
  const outcomes = cases.map(({ proposal, votes }) => (passed(proposal, votes) ? 1 : 0));
  const checkpoints = points.map((at) => {
    let squared = 0;
    let right = 0;
    let leaderRight = 0;
    cases.forEach(({ proposal, votes }, index) => {
      const start = Date.parse(proposal.start);
      const moment = new Date(start + at * (Date.parse(proposal.end) - start));
      const analysis = analyseVotes(proposal, votes, moment);
      const probability = forecast(proposal, votes, moment);
      const outcome = outcomes[index]!;
      squared += (probability - outcome) ** 2;
      if ((probability >= 0.5 ? 1 : 0) === outcome) right++;
      if ((analysis.leadingChoice === analysis.passChoice ? 1 : 0) === outcome) leaderRight++;
    });
    const n = Math.max(cases.length, 1);
    return { at, brier: squared / n, accuracy: right / n, leaderAccuracy: leaderRight / n };
  });
  return { proposals: cases.length, passed: outcomes.reduce<number>((sum, outcome) => sum + outcome, 0), checkpoints };
}
