import { TOPICS, isUpgradeEvent, type MessageOf, type UpgradeProtocolEvent } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { SubjectAssessmentsService } from '../assessments/subject-assessments.service';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { LIVE_STATUSES } from '../events/event-catalogue';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import type { RiskAssessmentEntity } from './risk-assessment.entity';
import type { UpgradeEntity } from './upgrade.entity';
import { upgradeView, type UpgradeView } from './upgrade.views';
import { UpgradesRepository, type UpgradeFilter } from './upgrades.repository';

export type UpgradePage = Page<UpgradeView>;

/** Keeps the upgrades read model and pushes each assessment to Socket.IO subscribers (upgrade events: EventsService). */
@Injectable()
export class UpgradesService {
  constructor(
    private readonly repository: UpgradesRepository,
    private readonly subjects: SubjectAssessmentsService,
    private readonly realtime: RealtimeGateway,
  ) {}

  /**
   * Writes an upgrade-kind event that the events read model took as current (EventsService applies
   * every protocol event first and pushes it): stale duplicates never reach this table either.
   */
  async applyProtocolEvent(message: MessageOf<'protocol.events.v1'>): Promise<void> {
    const event = message.payload;
    // The upgrades read model holds code and upgrade-authority changes only; every kind is in the events read model.
    if (!isUpgradeEvent(event)) return;
    const row: UpgradeEntity = {
      id: event.eventId,
      chainId: event.chainId,
      contract: event.contract,
      protocolId: event.protocolId,
      kind: event.kind,
      status: event.status,
      ...changeOf(event),
      blockNumber: event.blockNumber,
      blockHash: event.blockHash,
      transactionHash: event.transactionHash,
      logIndex: event.logIndex,
      occurredAt: new Date(message.occurredAt),
      updatedAt: new Date(message.producedAt),
      messageId: message.id,
    };
    if (event.status === 'retracted') await this.repository.retractUpgrade(row);
    else await this.repository.upsertUpgrade(row);
  }

  async applyRiskAssessment(message: MessageOf<'risk.assessments.v1'>): Promise<void> {
    const assessment = message.payload;
    // The engine also assesses lifecycles and control-plane events; a control event shares its eventId with the
    // per-event upgrade assessment, so only the per-event ones are this read model's; the others keep every version
    // in their own (SubjectAssessmentsService) and are pushed once each.
    if (assessment.subjectType !== 'upgrade') {
      if (await this.subjects.apply(message)) this.realtime.push(TOPICS.riskAssessments, message);
      return;
    }
    const row: RiskAssessmentEntity = {
      id: assessment.assessmentId,
      upgradeId: assessment.subjectId,
      chainId: assessment.chainId,
      contract: assessment.contract,
      protocolId: assessment.protocolId,
      score: assessment.score,
      level: assessment.level,
      factors: assessment.factors,
      modelVersion: assessment.modelVersion,
      subjectStatus: assessment.subjectStatus,
      assessedAt: new Date(message.occurredAt),
      messageId: message.id,
    };
    await this.repository.upsertAssessment(row);
    this.realtime.push(TOPICS.riskAssessments, message);
  }

  async list(filter: Omit<UpgradeFilter, 'before' | 'limit'>, limit: number, cursor?: string): Promise<UpgradePage> {
    const before = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.repository.findUpgrades({ ...filter, limit: limit + 1, before: before && { occurredAt: before.at, id: before.key } });
    const risks = await this.repository.latestAssessments(rows.slice(0, limit).map((row) => row.id));
    return toPage(rows, limit, (row) => ({ at: row.occurredAt, key: row.id }), (row) => upgradeView(row, risks.get(row.id)));
  }

  /** Upgrades not retracted (pending or confirmed) per protocol (all, or the given ones). */
  async countLiveByProtocol(protocolIds?: string[]): Promise<Map<string, number>> {
    return this.repository.countByProtocol([...LIVE_STATUSES], protocolIds);
  }

  async get(id: string): Promise<UpgradeView> {
    const row = await this.repository.findUpgrade(id);
    if (!row) throw new NotFoundException(`no upgrade with id ${id}`);
    const risks = await this.repository.latestAssessments([id]);
    return upgradeView(row, risks.get(id));
  }

  /** Every per-event assessment of an upgrade, newest first, at least one; 404 for an unknown upgrade or one not assessed yet. */
  async assessmentsOf(id: string): Promise<[RiskAssessmentEntity, ...RiskAssessmentEntity[]]> {
    const rows = await this.repository.assessmentsOf(id);
    if (rows[0]) return [rows[0], ...rows.slice(1)];
    const upgrade = await this.repository.findUpgrade(id);
    throw new NotFoundException(upgrade ? `upgrade ${id} has not been assessed yet` : `no upgrade with id ${id}`);
  }

  /** The latest per-event assessment of each of a protocol's upgrades assessed from `since` on. */
  async latestAssessmentsOfProtocol(protocolId: string, since: Date): Promise<RiskAssessmentEntity[]> {
    return this.repository.latestAssessmentsOfProtocol(protocolId, since);
  }
}

type Change = Pick<
  UpgradeEntity,
  'previousImplementation' | 'newImplementation' | 'newImplementationCodeSize' | 'newImplementationCodeHash' | 'details'
>;

/** The implementation columns and the kind-specific details of an event. */
function changeOf(event: UpgradeProtocolEvent): Change {
  const none = { previousImplementation: null, newImplementation: null, newImplementationCodeSize: null, newImplementationCodeHash: null };
  switch (event.kind) {
    case 'upgraded':
      return {
        previousImplementation: event.previousImplementation,
        newImplementation: event.newImplementation,
        newImplementationCodeSize: event.newImplementationCodeSize,
        newImplementationCodeHash: event.newImplementationCodeHash,
        details: {},
      };
    case 'admin_changed':
      return { ...none, details: { previousAdmin: event.previousAdmin, newAdmin: event.newAdmin, newAdminCodeSize: event.newAdminCodeSize } };
    case 'beacon_upgraded':
      return {
        ...none,
        newImplementation: event.newImplementation,
        newImplementationCodeSize: event.newImplementationCodeSize,
        details: { previousBeacon: event.previousBeacon, newBeacon: event.newBeacon },
      };
    case 'diamond_cut':
      return { ...none, details: { facetCuts: event.facetCuts, init: event.init, initCalldata: event.initCalldata } };
  }
}
