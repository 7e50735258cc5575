import type { RiskSubjectType, UpgradeStage } from '@pum/contracts';
import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { BytecodeFacts } from './bytecode-facts';

/** Who can perform the action, resolved from the stored authority facts (inputs.service.ts). */
export interface AuthorityInputs {
  /** The lifecycle's authority, or for a control event the kind of key now in control. */
  kind: 'eoa' | 'multisig' | 'governor' | 'timelock' | 'snapshot' | 'contract' | 'unknown';
  /** The timelock the action goes through, with its delay (seconds) and its last change. */
  timelock: { address: string; delaySeconds: number | null; previousDelaySeconds: number | null; changedAt: string | null } | null;
  /** The Safe in control (of the timelock, or directly), with its signers. */
  safe: { address: string; threshold: number | null; owners: number | null } | null;
  /** An externally owned account in control (admin or owner code size 0). */
  eoa: string | null;
  /** The protocol has its own governance (a Governor or Snapshot space seen). */
  protocolHasGovernor: boolean;
}

/** Latest voting analysis of the proposal behind a lifecycle. */
export interface ProposalInputs {
  proposalKey: string;
  createdAt: string;
  passProbability: number;
  margin: number;
  quorumRatio: number | null;
  top10Share: number;
  nakamoto: number;
  largeSideChanges: number;
}

/** Market figures, read in steps of RISK_MARKET_STEP so that small moves leave the inputs unchanged. */
export interface MarketInputs {
  /** Annualised forecast volatility (of the ETA window when forecast, else of the series). */
  annualisedVolatility: number | null;
  /** Per-step volatility of the ETA window over the series' next-step volatility. */
  windowToBaseline: number | null;
  /** Fall of the price from its high within the market window to its newest value: 0..1. */
  drawdown: number | null;
}

export interface LiquidityInputs {
  /** TVL in USD, rounded on a log scale of RISK_MARKET_STEP. */
  tvlUsd: number | null;
  /** Relative TVL change over the market window. */
  tvlChange: number | null;
  regime: 'expanding' | 'stable' | 'contracting' | 'stressed' | null;
  forecastChange: number | null;
  /** Newest volume over TVL. */
  volumeToTvl: number | null;
}

/** The action itself: what changes, and the facts about the code. */
export interface ActionInputs {
  /** Lifecycle `upgradeKind`, or the control event's `kind`. */
  kind: string;
  newImplementation: string | null;
  /** Call data run by `upgradeToAndCall` (or a diamond cut's init); null when none. */
  initData: string | null;
  /** Runtime code size of the new implementation where known (0: no code). */
  newImplementationCodeSize: number | null;
  /** Earlier changes of the same contract within the rapid-succession window. */
  recentUpgrades: number;
  /** Fields of a control event that its rules read (thresholds, delays, accounts, roles). */
  event: Record<string, string | number | boolean | null> | null;
}

/**
 * Everything one assessment reads. The assessment is a pure function of this object, and its hash
 * (sha256 of the key-sorted JSON) is the `inputsHash`: the same inputs never make a second version.
 */
export interface AssessmentInputs {
  subject: {
    type: Exclude<RiskSubjectType, 'upgrade'>;
    id: string;
    chainId: number;
    contract: string;
    protocolId: string | null;
    status: 'pending' | 'confirmed' | 'retracted';
    stage: UpgradeStage | null;
    eta: string | null;
    /** When the subject reached its state (stage time, block time): the clock of time-based rules. */
    at: string;
  };
  action: ActionInputs;
  authority: AuthorityInputs;
  proposal: ProposalInputs | null;
  /** Sentiment of the proposal (else of the protocol). */
  sentiment: { score: number; items: number } | null;
  market: MarketInputs;
  liquidity: LiquidityInputs;
  /** From the bytecode-analysis seam; null when it has nothing to say. */
  bytecode: BytecodeFacts | null;
}

/**
 * Hex sha256 of the canonical (key-sorted) JSON of the inputs.
 *
 * @example inputsHash(inputs) // '3f5c…' (64 hex)
 */
export function inputsHash(inputs: AssessmentInputs): string {
  return createHash('sha256').update(stableStringify(inputs)).digest('hex');
}

/**
 * Rounds a ratio down to a multiple of `step` (toward zero), so moves smaller than a step keep the same value.
 *
 * @example stepped(0.137, 0.05) // 0.1
 */
export function stepped(value: number | null, step: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const steps = Math.trunc(value / step);
  return Number((steps * step).toFixed(6));
}

/**
 * Rounds a positive amount on a log scale of `1 + step`, so a level moves only when it changed by about a step.
 *
 * @example steppedLevel(1_030_000, 0.05) // 1_026_824 (1.05^284)
 */
export function steppedLevel(value: number | null, step: number): number | null {
  if (value === null || !(value > 0)) return value === 0 ? 0 : null;
  const base = Math.log(1 + step);
  return Math.round(Math.exp(Math.floor(Math.log(value) / base) * base));
}
