import type { MessageOf, ProtocolEvent } from '@pum/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { UpgradesGateway } from '../realtime/upgrades.gateway';
import type { RiskAssessmentEntity } from './risk-assessment.entity';
import type { UpgradeEntity } from './upgrade.entity';
import { riskView, upgradeView, type RiskView, type UpgradeView } from './upgrade.views';
import { UpgradesRepository, type UpgradeFilter } from './upgrades.repository';

export interface UpgradePage {
  items: UpgradeView[];
  nextCursor: string | null;
}

/** Keeps the upgrades read model and pushes every change to Socket.IO subscribers. */
@Injectable()
export class UpgradesService {
  constructor(
    private readonly repository: UpgradesRepository,
    private readonly realtime: UpgradesGateway,
  ) {}

  async applyProtocolEvent(message: MessageOf<'protocol.events.v1'>): Promise<void> {
    const event = message.payload;
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
    this.realtime.publishProtocolEvent(message);
  }

  async applyRiskAssessment(message: MessageOf<'risk.assessments.v1'>): Promise<void> {
    const assessment = message.payload;
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
    this.realtime.publishRiskAssessment(message);
  }

  async list(filter: Omit<UpgradeFilter, 'before' | 'limit'>, limit: number, cursor?: string): Promise<UpgradePage> {
    const rows = await this.repository.findUpgrades({ ...filter, limit: limit + 1, before: cursor ? decodeCursor(cursor) : undefined });
    const page = rows.slice(0, limit);
    const risks = await this.repository.latestAssessments(page.map((row) => row.id));
    const last = page[page.length - 1];
    return {
      items: page.map((row) => upgradeView(row, risks.get(row.id))),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  async get(id: string): Promise<UpgradeView> {
    const row = await this.repository.findUpgrade(id);
    if (!row) throw new NotFoundException(`no upgrade with id ${id}`);
    const risks = await this.repository.latestAssessments([id]);
    return upgradeView(row, risks.get(id));
  }

  async getRisk(id: string): Promise<RiskView> {
    const risks = await this.repository.latestAssessments([id]);
    const risk = risks.get(id);
    if (risk) return riskView(risk);
    const upgrade = await this.repository.findUpgrade(id);
    throw new NotFoundException(upgrade ? `upgrade ${id} has not been assessed yet` : `no upgrade with id ${id}`);
  }
}

type Change = Pick<
  UpgradeEntity,
  'previousImplementation' | 'newImplementation' | 'newImplementationCodeSize' | 'newImplementationCodeHash' | 'details'
>;

/** The implementation columns and the kind-specific details of an event. */
function changeOf(event: ProtocolEvent): Change {
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

/** Opaque page cursor: the (occurredAt, id) of the last item served. */
export function encodeCursor(row: Pick<UpgradeEntity, 'occurredAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.occurredAt.toISOString(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    const occurredAt = new Date(String(at));
    if (typeof id !== 'string' || Number.isNaN(occurredAt.getTime())) throw new Error('bad cursor');
    return { occurredAt, id };
  } catch {
    throw new BadRequestException('cursor is not one this API returned');
  }
}
