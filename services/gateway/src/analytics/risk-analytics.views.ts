import type { RiskVersionView } from '../assessments/risk-history.views';
import type { RegistryProtocol } from '../protocols/protocol-directory';
import type { RiskSummary } from './risk-summary';

/** REST path of a subject's risk history. */
export function riskPath(subject: Pick<RiskVersionView, 'subjectType' | 'subjectId'>): string {
  switch (subject.subjectType) {
    case 'lifecycle':
      return `/api/v1/lifecycle/${encodeURIComponent(subject.subjectId)}/risk`;
    case 'control_event':
      return `/api/v1/events/${subject.subjectId}/risk`;
    case 'upgrade':
      return `/api/v1/upgrades/${subject.subjectId}/risk`;
  }
}

/** REST shape of a protocol's current risk (see openapi.yaml `ProtocolRiskAnalytics`). */
export function protocolRiskView(protocol: RegistryProtocol, subjects: RiskVersionView[], summary: RiskSummary, window: { since: Date; asOf: Date }) {
  const count = (type: RiskVersionView['subjectType']) => subjects.filter((s) => s.subjectType === type).length;
  return {
    protocolId: protocol.id,
    name: protocol.name,
    since: window.since.toISOString(),
    asOf: window.asOf.toISOString(),
    counts: { subjects: subjects.length, lifecycle: count('lifecycle'), controlEvent: count('control_event'), upgrade: count('upgrade') },
    ...summary,
    subjects: subjects.map((subject) => ({ ...subject, url: riskPath(subject) })),
  };
}

export type ProtocolRiskView = ReturnType<typeof protocolRiskView>;
