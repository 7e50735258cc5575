import { z } from 'zod';
import { riskLevel } from './risk-assessment';
import { chainId, isoTimestamp } from './primitives';

// guidance.v1 (issue 10): what to do with a position around an upgrade's ETA, issued by the risk engine
// with every assessment version of a lifecycle that has a market. The shape is libs/guidance's `Guidance`
// (docs/guidance.md), with the assessment it was computed for; every number carries the inputs it came from.

/** The inputs or settings a figure was computed from: flat or nested JSON, named by field. */
const workings = z.record(z.string(), z.unknown());

export const guidanceStance = z.enum(['hold', 'reduce', 'hedge', 'exit_before_eta']);
export type GuidanceStance = z.infer<typeof guidanceStance>;

export const guidanceReason = z.object({
  /** Stable code of the stance rule, e.g. `risk_high`, `volatility_elevated`, `eta_imminent`, `no_elevated_risk`. */
  code: z.string().regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'expected a snake_case code'),
  /** The severity the rule set (or, for `+1` rules, added). */
  severity: z.number().int().min(0).max(3),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const guidancePositionScale = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    /** 1 = the position as it is; min(maxScale, target ÷ forecast annualised volatility). */
    scale: z.number().min(0),
    capped: z.boolean(),
    forecastAnnualVolatility: z.number().min(0),
    inputs: workings,
  }),
  z.object({ available: z.literal(false), reason: z.enum(['no_volatility_forecast']) }),
]);

export const guidanceHedge = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    /** Short β dollars of the hedge asset per dollar held (OLS of log returns). */
    beta: z.number(),
    alpha: z.number(),
    correlation: z.number().min(-1).max(1),
    rSquared: z.number().min(0).max(1),
    betaStandardError: z.number().min(0),
    betaInterval95: z.tuple([z.number(), z.number()]),
    observations: z.number().int().min(0),
    inputs: workings,
  }),
  z.object({
    available: z.literal(false),
    reason: z.enum(['too_few_points', 'correlation_below_floor', 'hedge_series_flat', 'no_hedge_asset']),
    observations: z.number().int().min(0),
    correlation: z.number().nullable(),
    inputs: workings,
  }),
]);

/** One configured trade size on one registry pool in one direction. */
export const guidanceSlippage = z.object({
  poolId: z.string().min(1),
  protocol: z.enum(['uniswap_v2', 'uniswap_v3']),
  direction: z.enum(['buy', 'sell']),
  sizeUsd: z.number().positive(),
  /** Base units, decimal strings. */
  amountIn: z.string().regex(/^[0-9]+$/),
  amountOut: z.string().regex(/^[0-9]+$/),
  midPrice: z.number(),
  executionPrice: z.number(),
  midPriceAfter: z.number(),
  feeBps: z.number(),
  priceImpactBps: z.number(),
  slippageBps: z.number(),
  /** V3: the trade reaches the in-range liquidity's bound (tick crossing is not modelled); null when not known. */
  exhaustsRange: z.boolean().nullable(),
  inputs: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const guidanceWindow = z.object({
  eta: isoTimestamp,
  /** Act (exit, reduce, hedge) before this time: ETA − lead. */
  actBy: isoTimestamp,
  /** The risk is past from this time: ETA + settle. */
  riskPastAt: isoTimestamp,
  leadHours: z.number().min(0),
  phase: z.enum(['before_act_by', 'act_now', 'settling', 'past']),
  hoursToEta: z.number(),
  inputs: workings,
});

export const guidancePayload = z.object({
  /** Deterministic: `<upgradeId>:g<assessmentVersion>`, one per assessment version. */
  guidanceId: z.string().min(1),
  /** The lifecycle (`upgrades.lifecycle.v1` upgradeId) the guidance is for. */
  upgradeId: z.string().min(1),
  /** The `risk.assessments.v1` assessment it was computed with, and its version. */
  assessmentId: z.string().min(1),
  assessmentVersion: z.number().int().min(1),
  chainId,
  protocolId: z.string().min(1),
  risk: z.object({ score: z.number().int().min(0).max(100), level: riskLevel }),
  /** The time the guidance is for: the assessment's time, so a replay issues the same guidance. */
  asOf: isoTimestamp,
  eta: isoTimestamp.nullable(),
  stance: guidanceStance,
  /** 0–3: the row of the stance table (docs/guidance.md). */
  severity: z.number().int().min(0).max(3),
  reasons: z.array(guidanceReason),
  /** Inputs that were unknown and so added nothing. */
  missing: z.array(z.enum(['volatility', 'impact', 'eta'])),
  positionScale: guidancePositionScale,
  hedge: guidanceHedge,
  /** Selling the configured position on the pool where it costs least; null without a position or a pool. */
  positionImpact: z.object({ poolId: z.string(), sizeUsd: z.number(), priceImpactBps: z.number(), slippageBps: z.number() }).nullable(),
  slippage: z.array(guidanceSlippage),
  /** When to act relative to the ETA; null while no ETA is known. */
  window: guidanceWindow.nullable(),
  /** The guidance settings it was computed with. */
  settings: workings,
});
export type GuidancePayload = z.infer<typeof guidancePayload>;

/**
 * Id of the guidance issued with one assessment version of a lifecycle.
 *
 * @example guidanceId('1:0xp:impl:0xi#eoa', 2) // '1:0xp:impl:0xi#eoa:g2'
 */
export function guidanceId(upgradeId: string, assessmentVersion: number): string {
  return `${upgradeId}:g${assessmentVersion}`;
}
