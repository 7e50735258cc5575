import type { RiskAssessment } from '@pum/contracts';
import type { AssessmentInputs } from './inputs';

/**
 * The seam the execution-guidance step (libs/guidance, `guidance.v1`) plugs into: called with the
 * subject's latest assessment version once it is published, with the inputs it was computed from (market,
 * liquidity, ETA) — for a new version, and again whenever the subject is re-assessed to the same version
 * (a retry, a replay), so a step that failed once is retried with the message. A step must therefore be
 * idempotent by assessment version. DI token {@link GUIDANCE_STEP}.
 */
export interface GuidanceStep {
  onAssessed(assessment: RiskAssessment, inputs: AssessmentInputs): Promise<void>;
}

export const GUIDANCE_STEP = Symbol('GUIDANCE_STEP');
