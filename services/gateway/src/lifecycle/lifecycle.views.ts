import type { LifecycleEntity, LifecycleStageEntity } from './lifecycle.entity';

/** REST path of the upgrade event an execution points to (`executionEventId` is a `protocol.events.v1` eventId). */
export function upgradePath(eventId: string | null): string | null {
  return eventId === null ? null : `/api/v1/upgrades/${eventId}`;
}

/** REST shape of an upgrade's lifecycle at its latest stage (see openapi.yaml `Lifecycle`). */
export function lifecycleView(row: LifecycleEntity) {
  return {
    ...row.payload,
    currentStage: row.stage,
    executionUrl: upgradePath(row.payload.executionEventId),
    forecastsUrl: `/api/v1/lifecycle/${encodeURIComponent(row.upgradeId)}/forecasts`,
    updatedAt: row.producedAt.toISOString(),
    messageId: row.messageId,
  };
}

/** One stage as it was announced (see openapi.yaml `LifecycleStage`). */
export function stageView(row: LifecycleStageEntity) {
  const { stage, revertedTo, stageAt, authority, eta, executionEventId, timelock, evidence } = row.payload;
  return { stage, revertedTo: revertedTo ?? null, stageAt, authority, eta, timelock, executionEventId, executionUrl: upgradePath(executionEventId), evidence, messageId: row.messageId, producedAt: row.producedAt.toISOString() };
}

export type LifecycleView = ReturnType<typeof lifecycleView>;
export type LifecycleDetailView = LifecycleView & { stages: ReturnType<typeof stageView>[] };
