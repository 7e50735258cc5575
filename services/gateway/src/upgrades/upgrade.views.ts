import type { RiskAssessmentEntity } from './risk-assessment.entity';
import type { UpgradeEntity } from './upgrade.entity';

/** REST shape of an assessment (see openapi.yaml `RiskAssessment`). */
export function riskView(row: RiskAssessmentEntity) {
  return {
    id: row.id,
    upgradeId: row.upgradeId,
    chainId: row.chainId,
    contract: row.contract,
    protocolId: row.protocolId,
    score: row.score,
    level: row.level,
    factors: row.factors,
    modelVersion: row.modelVersion,
    subjectStatus: row.subjectStatus,
    assessedAt: row.assessedAt.toISOString(),
  };
}

/** REST shape of an upgrade with a summary of its latest assessment (see openapi.yaml `Upgrade`). */
export function upgradeView(row: UpgradeEntity, risk: RiskAssessmentEntity | undefined) {
  return {
    id: row.id,
    chainId: row.chainId,
    contract: row.contract,
    protocolId: row.protocolId,
    kind: row.kind,
    status: row.status,
    previousImplementation: row.previousImplementation,
    newImplementation: row.newImplementation,
    newImplementationCodeSize: row.newImplementationCodeSize,
    newImplementationCodeHash: row.newImplementationCodeHash,
    details: row.details,
    blockNumber: row.blockNumber,
    blockHash: row.blockHash,
    transactionHash: row.transactionHash,
    logIndex: row.logIndex,
    occurredAt: row.occurredAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    risk: risk ? { score: risk.score, level: risk.level, modelVersion: risk.modelVersion, assessedAt: risk.assessedAt.toISOString() } : null,
  };
}

export type UpgradeView = ReturnType<typeof upgradeView>;
export type RiskView = ReturnType<typeof riskView>;
