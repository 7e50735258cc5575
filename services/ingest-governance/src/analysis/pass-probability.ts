import { errorFunction } from 'simple-statistics';

export const PREDICTION_METHOD = 'beta-projection-v1';

/** Spread of the log of the projected turnout at the start of voting; shrinks with the power still to come. */
const TURNOUT_LOG_SD = 2;

/**
 * Voting power arrives back-loaded (large delegates vote late): the share of the final power cast by
 * elapsed share τ of the period is taken as τ^ARRIVAL_EXPONENT.
 */
const ARRIVAL_EXPONENT = 3;

/** Expected share of the final voting power already cast. */
function arrived(elapsed: number): number {
  return Math.min(1, Math.max(0, elapsed)) ** ARRIVAL_EXPONENT;
}

export interface PredictionInputs {
  /** Power for the pass choice and for its strongest rival. */
  forPower: number;
  againstPower: number;
  /** The power that counts toward quorum under the proposal's rule (all votes, For + Abstain, or For). */
  quorumPower: number;
  quorum: number | null;
  /** Share of the voting period elapsed, 0..1. */
  elapsed: number;
  /** Kish effective number of decisive voters: (Σw)² / Σw². */
  effectiveVoters: number;
}

/**
 * Probability that the pass choice wins with quorum — the Beta projection documented in
 * docs/governance.md: the power still to come (1 − elapsed of the final) votes For with a share
 * q ~ Beta(1 + n·s, 1 + n·(1 − s)), s the current For share and n the effective number of voters; the
 * final share's normal approximation gives P(win), a log-normal projection of turnout gives P(quorum).
 *
 * @example passProbability({ forPower: 70, againstPower: 30, quorumPower: 100, quorum: 50, elapsed: 0.5, effectiveVoters: 10 }) // ≈ 0.88
 */
export function passProbability(inputs: PredictionInputs): number {
  return winProbability(inputs) * quorumProbability(inputs);
}

function winProbability({ forPower, againstPower, elapsed, effectiveVoters }: PredictionInputs): number {
  const decisive = forPower + againstPower;
  const share = decisive > 0 ? forPower / decisive : 0.5;
  const remaining = decisive > 0 ? 1 - arrived(elapsed) : 1;
  const n = decisive > 0 ? effectiveVoters : 0;
  const a = 1 + n * share;
  const b = 1 + n * (1 - share);
  const mean = (1 - remaining) * share + (remaining * a) / (a + b);
  const sd = remaining * Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  if (sd === 0) return mean > 0.5 ? 1 : 0;
  return normalCdf((mean - 0.5) / sd);
}

function quorumProbability({ quorumPower, quorum, elapsed }: PredictionInputs): number {
  if (quorum === null || quorum <= 0 || quorumPower >= quorum) return 1;
  const remaining = 1 - arrived(elapsed);
  if (remaining <= 0) return 0;
  if (quorumPower <= 0) return 0.5; // nothing to project from yet
  const projected = quorumPower / Math.max(arrived(elapsed), 1e-6);
  return normalCdf(Math.log(projected / quorum) / (TURNOUT_LOG_SD * Math.sqrt(remaining)));
}

function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}
