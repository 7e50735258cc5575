import { z } from 'zod';
import { upgradeStage } from './lifecycle';
import { address, chainId, isoTimestamp } from './primitives';

// risk.assessments.v1, extended compatibly (issue 10): every field added since the first version is
// optional, so messages published before stay valid and readers of the first shape keep working.

export const riskLevel = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskLevel = z.infer<typeof riskLevel>;

/** The four components of an assessment (docs/risk-rules.md). */
export const riskComponentName = z.enum(['technical', 'governance', 'market', 'liquidity']);
export type RiskComponentName = z.infer<typeof riskComponentName>;

/** A fact behind a factor, as a reviewer can check it: an address, a delay in seconds, a flag … */
export const riskEvidence = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type RiskEvidence = z.infer<typeof riskEvidence>;

/** One rule's contribution to a score, with the evidence a reviewer needs to check it. */
export const riskFactor = z.object({
  /** Stable snake_case name of the rule, e.g. `implementation_change`. */
  rule: z.string().min(1),
  /** Points the rule gives its component (or, without `component`, the overall score). */
  points: z.number().int(),
  /** One human sentence saying what was seen. */
  detail: z.string(),
  /** The component the factor belongs to; absent on per-event upgrade assessments. */
  component: riskComponentName.optional(),
  /** The facts the rule read, by name. */
  evidence: riskEvidence.optional(),
  /** Points the factor adds to the overall score after the component weights; factors are sorted by it. */
  contribution: z.number().optional(),
});
export type RiskFactor = z.infer<typeof riskFactor>;

/** One component's score and the factors that make it. */
export const riskComponent = z.object({
  /** 0–100, the component's points clamped. */
  score: z.number().int().min(0).max(100),
  factors: z.array(riskFactor),
});
export type RiskComponent = z.infer<typeof riskComponent>;

/** What a user can do about the risk. */
export const riskRecommendation = z.object({
  /** Stable snake_case code, e.g. `single_key_control`, `delay_lowered`, `exit_before_eta`. */
  code: z.string().regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'expected a snake_case code'),
  severity: z.enum(['info', 'warning', 'critical']),
  /** The advice, with the figures that prompted it. */
  text: z.string().min(1),
});
export type RiskRecommendation = z.infer<typeof riskRecommendation>;

/** The trained model's view of the assessment (docs/risk-model.md). */
export const riskModelOutput = z.object({
  /** The model file's `modelVersion`, e.g. `upgrade-risk-rf-v1`. */
  version: z.string().min(1),
  /** Predicted probability that the action is an incident's vector: 0..1. */
  probability: z.number().min(0).max(1),
  /** Per feature, its value (null: unknown) and how much it moved the probability from the base rate. */
  contributions: z.array(z.object({ feature: z.string().min(1), value: z.number().nullable(), contribution: z.number() })),
});
export type RiskModelOutput = z.infer<typeof riskModelOutput>;

/**
 * What is assessed: `upgrade` — one protocol event (per-event assessments, subjectId = eventId);
 * `lifecycle` — an upgrade across its stages before it executes (subjectId = `upgrades.lifecycle.v1` upgradeId);
 * `control_event` — a control-plane protocol event: admin, owner, roles, pause, Safe, timelock delay (subjectId = eventId).
 */
export const riskSubjectType = z.enum(['upgrade', 'lifecycle', 'control_event']);
export type RiskSubjectType = z.infer<typeof riskSubjectType>;

/** A hex SHA-256. */
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex sha256');

export const riskAssessmentPayload = z.object({
  /**
   * Deterministic. Per-event upgrade assessments: `<eventId>:<rules version>`. Versioned subjects:
   * `<subjectType>:<subjectId>:v<assessmentVersion>:<first 12 hex of inputsHash>` — one id per subject and version.
   */
  assessmentId: z.string().min(1),
  subjectType: riskSubjectType,
  /** The protocol event's `eventId` (upgrade, control_event) or the lifecycle's `upgradeId`. */
  subjectId: z.string().min(1),
  chainId,
  /** The contract assessed: the event's contract, or the lifecycle's target. */
  contract: address,
  protocolId: z.string().min(1).nullable(),
  score: z.number().int().min(0).max(100),
  level: riskLevel,
  /** Every factor; on versioned assessments sorted by `contribution`, largest first. */
  factors: z.array(riskFactor),
  /** Version of the rules (and, on versioned assessments, of the model) that produced the score. */
  modelVersion: z.string().min(1),
  /** Chain status of the subject when assessed; a retracted upgrade (or lifecycle stage) is assessed as retracted. */
  subjectStatus: z.enum(['pending', 'confirmed', 'retracted']),
  /** 1, 2, …: the subject's assessment versions, a new one only when the inputs changed. */
  assessmentVersion: z.number().int().min(1).optional(),
  /** SHA-256 of the canonical JSON of every input the assessment read. */
  inputsHash: sha256Hex.optional(),
  /** Lifecycles: the stage assessed. */
  stage: upgradeStage.optional(),
  /** Lifecycles: the earliest execution time, when known. */
  eta: isoTimestamp.nullable().optional(),
  /** Per component, its 0–100 score and factors. */
  components: z.record(riskComponentName, riskComponent).optional(),
  /** What to do about it, most severe first. */
  recommendations: z.array(riskRecommendation).optional(),
  /** The trained model's probability and contributions; null when the model does not apply to the subject. */
  model: riskModelOutput.nullable().optional(),
  /** When the assessment was computed (the newest input's time, so a replay computes the same). */
  assessedAt: isoTimestamp.optional(),
});
export type RiskAssessment = z.infer<typeof riskAssessmentPayload>;

/**
 * Id of a versioned assessment: subject, version and a prefix of the inputs' hash.
 *
 * @example versionedAssessmentId('lifecycle', '1:0xp:impl:0xi#eoa', 2, 'ab12…') // 'lifecycle:1:0xp:impl:0xi#eoa:v2:ab12cd34ef56'
 */
export function versionedAssessmentId(subjectType: RiskSubjectType, subjectId: string, version: number, inputsHash: string): string {
  return `${subjectType}:${subjectId}:v${version}:${inputsHash.slice(0, 12)}`;
}
