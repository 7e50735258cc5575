import { z } from 'zod';
import { address, chainId } from './primitives';

export const riskLevel = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskLevel = z.infer<typeof riskLevel>;

/** One rule's contribution to a score, with the evidence a reviewer needs to check it. */
export const riskFactor = z.object({
  rule: z.string().min(1),
  points: z.number().int(),
  detail: z.string(),
});
export type RiskFactor = z.infer<typeof riskFactor>;

export const riskAssessmentPayload = z.object({
  /** `<subjectId>:<modelVersion>`: re-assessing the same subject with the same model upserts. */
  assessmentId: z.string().min(1),
  subjectType: z.literal('upgrade'),
  /** The protocol event's `eventId`. */
  subjectId: z.string().min(1),
  chainId,
  contract: address,
  protocolId: z.string().min(1).nullable(),
  score: z.number().int().min(0).max(100),
  level: riskLevel,
  factors: z.array(riskFactor),
  modelVersion: z.string().min(1),
  /** Status of the subject when assessed; a retracted upgrade is assessed as retracted. */
  subjectStatus: z.enum(['pending', 'confirmed', 'retracted']),
});
export type RiskAssessment = z.infer<typeof riskAssessmentPayload>;
