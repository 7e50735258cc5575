import type { RiskAssessment } from '@pum/contracts';
import type { AssessmentInputs } from './inputs';

/**
 * The seam the execution-guidance step (libs/guidance, `guidance.v1`) plugs into: called once for
 * every new assessment version, after it is published, with the inputs it was computed from (market,
 * liquidity, ETA). DI token {@link GUIDANCE_STEP}.
 */
export interface GuidanceStep {
  onAssessed(assessment: RiskAssessment, inputs: AssessmentInputs): Promise<void>;
}

export const GUIDANCE_STEP = Symbol('GUIDANCE_STEP');

/** Until guidance is plugged in: nothing to issue. */
export class NoGuidance implements GuidanceStep {
  async onAssessed(): Promise<void> {}
}
