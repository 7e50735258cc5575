import type { GuidancePayload } from '@pum/contracts';

/** One guidance in a lifecycle's history (see openapi.yaml `GuidanceVersion`). */
export function guidanceVersionView(guidance: GuidancePayload) {
  return {
    guidanceId: guidance.guidanceId,
    assessmentId: guidance.assessmentId,
    assessmentVersion: guidance.assessmentVersion,
    risk: guidance.risk,
    stance: guidance.stance,
    severity: guidance.severity,
    asOf: guidance.asOf,
    eta: guidance.eta,
    actBy: guidance.window?.actBy ?? null,
  };
}

/**
 * A lifecycle's guidance (see openapi.yaml `Guidance`): the newest assessment version's in full and every
 * one, newest version first; `executionEventId` when it was reached through the upgrade that executed it.
 */
export function guidanceView(upgradeId: string, versions: [GuidancePayload, ...GuidancePayload[]], executionEventId: string | null) {
  return { upgradeId, executionEventId, latest: versions[0], history: versions.map(guidanceVersionView) };
}

export type GuidanceView = ReturnType<typeof guidanceView>;
