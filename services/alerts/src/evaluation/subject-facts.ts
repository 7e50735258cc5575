import {
  isUpgradeEvent,
  type AlertControlKind,
  type AlertSubject,
  type GovernanceProposal,
  type ProtocolEvent,
  type RiskAssessment,
  type RiskComponentName,
  type RiskLevel,
  type UpgradeLifecycle,
  type UpgradeStage,
} from '@pum/contracts';

type Scalar = string | number | boolean | null;

/**
 * What the service knows of one subject, merged from every input topic that speaks of it — so a
 * rule whose conditions span topics (`all` of a stage and a risk level) is evaluated on one state.
 */
export interface SubjectFacts {
  subject: AlertSubject;
  /** Upgrades: the lifecycle's latest stage. */
  stage?: { stage: Exclude<UpgradeStage, 'retracted'>; stageAt: string; eta: string | null; executionEventId: string | null; title: string | null };
  /** The subject's latest risk assessment (by version, then time). */
  risk?: { score: number; level: RiskLevel; components: Partial<Record<RiskComponentName, number>>; version: number; assessedAt: string; retracted: boolean };
  /** Protocol events: the event's kind, status and the control-plane kinds it amounts to. */
  event?: { kind: string; status: ProtocolEvent['status']; controlKinds: AlertControlKind[]; upgrade: boolean; evidence: Record<string, Scalar> };
  /** Proposals: state, pass probability and title. */
  proposal?: { state: GovernanceProposal['state']; passProbability: number | null; title: string; source: GovernanceProposal['source'] };
}

/** A merge result: the new facts, and whether the message took a fact back (a reorg). */
export interface FactsUpdate {
  facts: SubjectFacts;
  retraction: boolean;
}

const pick = <T>(next: T | null | undefined, prev: T | null | undefined): T | null => next ?? prev ?? null;

function subjectOf(prev: SubjectFacts | undefined, subject: AlertSubject): AlertSubject {
  if (!prev) return subject;
  return {
    ...subject,
    chainId: pick(subject.chainId, prev.subject.chainId),
    contract: pick(subject.contract, prev.subject.contract),
    protocolId: pick(subject.protocolId, prev.subject.protocolId),
  };
}

/** An upgrade lifecycle stage: the stage it reached, or on `retracted` the one it is back in (none when its first stage went). */
export function mergeLifecycle(prev: SubjectFacts | undefined, change: UpgradeLifecycle): FactsUpdate {
  const subject = subjectOf(prev, { type: 'upgrade', id: change.upgradeId, chainId: change.chainId, contract: change.target, protocolId: change.protocolId });
  const title = change.proposal?.title ?? prev?.stage?.title ?? null;
  if (change.stage === 'retracted') {
    const back = change.revertedTo ?? null;
    const stage = back === null ? undefined : { stage: back, stageAt: change.stageAt, eta: change.eta, executionEventId: change.executionEventId, title };
    return { facts: { ...prev, subject, stage }, retraction: true };
  }
  return { facts: { ...prev, subject, stage: { stage: change.stage, stageAt: change.stageAt, eta: change.eta, executionEventId: change.executionEventId, title } }, retraction: false };
}

/** A risk assessment: the highest version wins (an older one arriving late changes nothing). */
export function mergeRisk(prev: SubjectFacts | undefined, assessment: RiskAssessment): FactsUpdate {
  const type = assessment.subjectType === 'lifecycle' ? 'upgrade' : 'event';
  const subject = subjectOf(prev, { type, id: assessment.subjectId, chainId: assessment.chainId, contract: assessment.contract, protocolId: assessment.protocolId });
  const version = assessment.assessmentVersion ?? 1;
  const assessedAt = assessment.assessedAt ?? '';
  const current = prev?.risk;
  const retracted = assessment.subjectStatus === 'retracted';
  if (current && !retracted && (current.version > version || (current.version === version && current.assessedAt > assessedAt))) {
    return { facts: { ...prev, subject }, retraction: false };
  }
  const components = Object.fromEntries(Object.entries(assessment.components ?? {}).map(([name, component]) => [name, component.score]));
  return { facts: { ...prev, subject, risk: { score: assessment.score, level: assessment.level, components, version, assessedAt, retracted } }, retraction: retracted };
}

/** The control-plane kinds a protocol event amounts to (a lowered Safe threshold or timelock delay compares with the value before). */
export function controlKindsOf(event: ProtocolEvent): AlertControlKind[] {
  if (event.kind === 'admin_changed' || event.kind === 'ownership_transferred' || event.kind === 'role_granted' || event.kind === 'paused') return [event.kind];
  if (event.kind === 'safe_threshold_changed') {
    return event.previousSafeThreshold !== null && Number(event.threshold) < event.previousSafeThreshold ? ['safe_threshold_lowered'] : [];
  }
  if (event.kind === 'timelock_min_delay_changed') return BigInt(event.newDelay) < BigInt(event.oldDelay) ? ['timelock_delay_lowered'] : [];
  // Compound's NewDelay names no old delay: a lowered one is not recognised (docs/alerts.md).
  return [];
}

/** The facts of an event a reader checks: who, what, the values before and after. */
function evidenceOf(event: ProtocolEvent): Record<string, Scalar> {
  const base: Record<string, Scalar> = { kind: event.kind, status: event.status, blockNumber: event.blockNumber, transactionHash: event.transactionHash };
  if (event.kind === 'admin_changed') return { ...base, previousAdmin: event.previousAdmin, newAdmin: event.newAdmin, newAdminCodeSize: event.newAdminCodeSize };
  if (event.kind === 'ownership_transferred') return { ...base, previousOwner: event.previousOwner, newOwner: event.newOwner, newOwnerCodeSize: event.newOwnerCodeSize };
  if (event.kind === 'role_granted') return { ...base, role: event.role, account: event.account, sender: event.sender };
  if (event.kind === 'paused') return { ...base, account: event.account };
  if (event.kind === 'safe_threshold_changed') return { ...base, threshold: event.threshold, previousThreshold: event.previousSafeThreshold };
  if (event.kind === 'timelock_min_delay_changed') return { ...base, oldDelay: event.oldDelay, newDelay: event.newDelay };
  if (event.kind === 'upgraded') return { ...base, previousImplementation: event.previousImplementation, newImplementation: event.newImplementation };
  return base;
}

/** A protocol event at its status; `retracted` takes it back. */
export function mergeProtocolEvent(prev: SubjectFacts | undefined, event: ProtocolEvent): FactsUpdate {
  const subject = subjectOf(prev, { type: 'event', id: event.eventId, chainId: event.chainId, contract: event.contract, protocolId: event.protocolId });
  const facts: SubjectFacts = { ...prev, subject, event: { kind: event.kind, status: event.status, controlKinds: controlKindsOf(event), upgrade: isUpgradeEvent(event), evidence: evidenceOf(event) } };
  return { facts, retraction: event.status === 'retracted' && prev?.event !== undefined && prev.event.status !== 'retracted' };
}

/** A proposal version: its state and pass probability. */
export function mergeProposal(prev: SubjectFacts | undefined, proposal: GovernanceProposal): FactsUpdate {
  const subject = subjectOf(prev, { type: 'proposal', id: proposal.proposalKey, chainId: proposal.chainId, contract: null, protocolId: proposal.protocolId });
  return {
    facts: { ...prev, subject, proposal: { state: proposal.state, passProbability: proposal.analysis?.passProbability ?? null, title: proposal.title, source: proposal.source } },
    retraction: false,
  };
}

/**
 * The gateway path of a subject's page: an executed upgrade's event, a lifecycle, an event, a proposal.
 *
 * @example linkOf(facts) // '/lifecycle/1%3A0xab%3Aimpl%3A0xcd%23eoa'
 */
export function linkOf(facts: SubjectFacts): string {
  const id = encodeURIComponent(facts.subject.id);
  switch (facts.subject.type) {
    case 'upgrade':
      return facts.stage?.executionEventId ? `/upgrades/${encodeURIComponent(facts.stage.executionEventId)}` : `/lifecycle/${id}`;
    case 'event':
      return facts.event?.upgrade ? `/upgrades/${id}` : `/events/${id}`;
    case 'proposal':
      return `/proposals/${id}`;
    case 'series':
      return `/forecasts?subject=${id}`;
  }
}
