import { guidanceId, type GuidancePayload } from '@pum/contracts';
import type { Guidance } from '@pum/guidance';

/** The assessment version a guidance was computed with. */
export interface GuidanceSubject {
  upgradeId: string;
  assessmentId: string;
  assessmentVersion: number;
  chainId: number;
  protocolId: string;
  risk: { score: number; level: GuidancePayload['risk']['level'] };
  eta: string | null;
}

/**
 * The `guidance.v1` payload of a computed guidance: the library's object with the assessment version it is for,
 * and the block each pool was read at in its quotes' inputs (so a quote can be checked against the chain).
 *
 * @example guidancePayloadOf(buildGuidance(inputs, settings), subject, new Map([['31337:0xpool', 120n]])).guidanceId // '<upgradeId>:g2'
 */
export function guidancePayloadOf(guidance: Guidance, subject: GuidanceSubject, poolBlocks: ReadonlyMap<string, bigint>): GuidancePayload {
  const { severity, missing } = guidance.stanceDetail;
  return {
    guidanceId: guidanceId(subject.upgradeId, subject.assessmentVersion),
    upgradeId: subject.upgradeId,
    assessmentId: subject.assessmentId,
    assessmentVersion: subject.assessmentVersion,
    chainId: subject.chainId,
    protocolId: subject.protocolId,
    risk: subject.risk,
    asOf: guidance.asOf,
    eta: subject.eta,
    stance: guidance.stance,
    severity,
    reasons: guidance.reasons,
    missing,
    positionScale: 'available' in guidance.positionScale ? guidance.positionScale : { available: true, ...guidance.positionScale, inputs: { ...guidance.positionScale.inputs } },
    hedge: { ...guidance.hedge, inputs: { ...guidance.hedge.inputs } },
    positionImpact: guidance.positionImpact,
    slippage: guidance.slippage.map((quote) => {
      const block = poolBlocks.get(quote.poolId);
      return block === undefined ? quote : { ...quote, inputs: { ...quote.inputs, blockNumber: block.toString() } };
    }),
    window: guidance.window && { ...guidance.window, inputs: { ...guidance.window.inputs } },
    settings: { ...guidance.settings },
  };
}
