import type { RiskSubjectType, UpgradeStage } from '@pum/contracts';
import type { PoolState } from '@pum/guidance';
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
  /** The protocol's price against the reference asset (RISK_HEDGE_ASSET) over the market window; null without one or with too few aligned returns. */
  reference: ReferenceFit | null;
}

/** The protocol's log returns regressed on the reference asset's (`hedgeRatio` of @pum/guidance), in steps. */
export interface ReferenceFit {
  /** market.ticks.v1 subject id of the reference asset. */
  assetId: string;
  /** Correlation and β, rounded toward zero to a multiple of RISK_MARKET_STEP. */
  correlation: number;
  beta: number;
  /** Aligned returns fitted on, as the largest RISK_HEDGE_MIN_OBSERVATIONS × 2^k reached (one more bar is no new input). */
  observationsAtLeast: number;
  /** Bars the series were cut into (RISK_HEDGE_BAR_SECONDS) and the window read (RISK_MARKET_WINDOW_SECONDS). */
  barSeconds: number;
  windowSeconds: number;
}

/** The price impact of selling a position on the protocol's deepest registry pool. */
export interface PoolDepth {
  /** `chainId:address` of the pool where selling costs least. */
  poolId: string;
  /** The size sold: RISK_GUIDANCE_POSITION_USD, else the largest RISK_GUIDANCE_TRADE_SIZES_USD. */
  sizeUsd: number;
  /** Its price impact in bps, rounded down to the impact grid ({@link impactBucket}). */
  impactBps: number;
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
  /** Selling a position on the registry's pools of the protocol; null when it lists none that can be quoted. */
  poolDepth: PoolDepth | null;
}

/** When the subject's contract was deployed (its first block with code), and its age at the subject's time. */
export interface DeploymentInputs {
  /** Decimal block number and the block's time. */
  blockNumber: string;
  deployedAt: string;
  /** Whole days from the deployment to `subject.at` (0 when the subject is not later). */
  ageDays: number;
}

/**
 * What live reads saw behind the stepped figures: the exact fit, the exact impact and the block it was read at, the
 * pools as read (the guidance step quotes them). Evidence of the version that first saw them, never part of
 * `inputsHash` — a later read that steps to the same figures is the same inputs.
 */
export interface ObservedReadings {
  reference: { correlation: number; beta: number; observations: number; from: string | null; to: string | null } | null;
  poolDepth: { impactBps: number; blockNumber: string } | null;
  pools: readonly { state: PoolState; blockNumber: bigint }[];
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
  /** The deployment of `subject.contract`; null when unknown (no endpoints, no code, a node without historical state). */
  deployment: DeploymentInputs | null;
  /** Not hashed: see {@link ObservedReadings}. */
  observed: ObservedReadings;
}

/**
 * Hex sha256 of the canonical (key-sorted) JSON of the inputs, without the live readings (`observed`).
 *
 * @example inputsHash(inputs) // '3f5c…' (64 hex)
 */
export function inputsHash(inputs: AssessmentInputs): string {
  const { observed: _observed, ...hashed } = inputs;
  return createHash('sha256').update(stableStringify(hashed)).digest('hex');
}

/**
 * Rounds a ratio down to a multiple of `step` (toward zero), so moves smaller than a step keep the same value.
 *
 * @example stepped(0.137, 0.05) // 0.1
 */
export function stepped(value: number | null, step: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  // A value on a step (0.15 / 0.05 = 2.9999999999999996) belongs to it: float error must not drop it to the step below.
  const steps = Math.trunc(Number((value / step).toFixed(9)));
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

/** Price impacts (bps) the pool-depth figure is rounded down to: a 1-2-5 grid, so a pool must move a lot to move it. */
const IMPACT_GRID = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

/**
 * Rounds a price impact (bps) down to the 1-2-5 grid, with the grading's own thresholds added to it, so a move within
 * a bucket changes nothing and a threshold is never straddled by a bucket.
 *
 * @example impactBucket(476, [50, 200]) // 200
 * @example impactBucket(80, [75, 300]) // 75
 */
export function impactBucket(bps: number, thresholds: readonly number[] = []): number {
  const grid = [...IMPACT_GRID, ...thresholds].sort((a, b) => a - b);
  return grid.filter((edge) => edge <= Math.max(0, bps)).at(-1) ?? 0;
}

/**
 * The number of observations as the largest `min × 2^k` it reaches: a fit's sample size in coarse steps.
 *
 * @example observationsBucket(70, 30) // 60
 */
export function observationsBucket(observations: number, min: number): number {
  let bucket = min;
  while (bucket * 2 <= observations) bucket *= 2;
  return bucket;
}
