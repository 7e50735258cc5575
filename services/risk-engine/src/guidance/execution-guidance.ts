import { TOPICS, guidanceId, type GuidancePayload, type RiskAssessment } from '@pum/contracts';
import { buildGuidance } from '@pum/guidance';
import { EventPublisher, JsonLogger } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { GuidanceStep } from '../assessment/guidance-step';
import type { AssessmentInputs } from '../assessment/inputs';
import { RiskStateRepository } from '../inputs/risk-state.repository';
import { guidanceInputsOf } from './guidance-inputs';
import { GuidanceMetrics } from './guidance-metrics';
import { guidancePayloadOf } from './guidance-payload';
import { GuidanceRepository } from './guidance.repository';
import { GUIDANCE_SETTINGS, type EngineGuidanceSettings } from './guidance-settings';

/**
 * Issues `guidance.v1` (docs/guidance.md) with the assessment versions of lifecycles whose protocol has a market:
 * the registry's pools as the assessment read them from the chain (`inputs.observed.pools`, so the guidance quotes
 * the state the liquidity component graded) and/or stored price ticks.
 *
 * One guidance per assessment version, computed once: pool state read later would give another one, so it is
 * stored (keyed by `guidanceId`) before it is published, and a later call for the same version — a retry after a
 * failed publish, a replay, a restart — publishes the stored payload if it is not on Kafka yet, and otherwise
 * does nothing. A failed pool read throws in the assessment, before any of this: the consumer retries the message (then
 * dead-letters it).
 */
@Injectable()
export class ExecutionGuidance implements GuidanceStep {
  constructor(
    private readonly state: RiskStateRepository,
    private readonly issued: GuidanceRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: JsonLogger,
    private readonly metrics: GuidanceMetrics,
    @Inject(GUIDANCE_SETTINGS) private readonly settings: EngineGuidanceSettings,
  ) {}

  async onAssessed(assessment: RiskAssessment, inputs: AssessmentInputs): Promise<void> {
    const protocolId = assessment.protocolId;
    const version = assessment.assessmentVersion;
    if (assessment.subjectType !== 'lifecycle' || protocolId === null || version === undefined) return;
    // Keyed like the assessments: one contract's messages stay on one partition, in order.
    const key = `${assessment.chainId}:${assessment.contract}`;
    const stored = await this.issued.find(guidanceId(assessment.subjectId, version));
    if (stored?.published) return;
    if (stored) {
      await this.publish(key, stored.payload);
      this.metrics.outcomes.inc({ outcome: 'republished' });
      return;
    }
    const computed = await this.compute(assessment, protocolId, version, inputs);
    if (computed === null) {
      this.logger.debug({ msg: 'no market for the lifecycle: no guidance', upgrade_id: assessment.subjectId, protocol_id: protocolId, assessment_version: version });
      this.metrics.outcomes.inc({ outcome: 'no_market' });
      return;
    }
    const winner = await this.issued.add(computed);
    if (winner.published) return;
    await this.publish(key, winner.payload);
    this.metrics.outcomes.inc({ outcome: 'issued' });
  }

  private async compute(assessment: RiskAssessment, protocolId: string, version: number, inputs: AssessmentInputs): Promise<GuidancePayload | null> {
    const upgradeId = assessment.subjectId;
    const prices = await this.state.marketWindow(protocolId, 'price', this.settings.priceWindowSeconds);
    const read = inputs.observed.pools;
    const hedgeAsset = this.settings.hedgeAssetId;
    const guidanceInputs = guidanceInputsOf(
      {
        upgradeId,
        protocolId,
        asOf: assessment.assessedAt ?? inputs.subject.at,
        eta: inputs.subject.eta,
        risk: { score: assessment.score, level: assessment.level },
        windowForecast: await this.state.forecast(protocolId, 'volatility', upgradeId),
        prices,
        pools: read.map((pool) => pool.state),
        hedgePrices: hedgeAsset === null ? null : await this.state.referenceWindow(hedgeAsset, this.settings.priceWindowSeconds),
      },
      this.settings,
    );
    if (guidanceInputs === null) return null;
    return guidancePayloadOf(
      buildGuidance(guidanceInputs, this.settings.library),
      { upgradeId, assessmentId: assessment.assessmentId, assessmentVersion: version, chainId: assessment.chainId, protocolId, risk: guidanceInputs.risk, eta: guidanceInputs.eta },
      new Map(read.map((pool) => [pool.state.poolId, pool.blockNumber])),
    );
  }

  private async publish(key: string, payload: GuidancePayload): Promise<void> {
    await this.publisher.publish(TOPICS.guidance, [{ key, id: payload.guidanceId, occurredAt: payload.asOf, payload }]);
    await this.issued.markPublished(payload.guidanceId);
    this.logger.log({ msg: 'guidance published', guidance_id: payload.guidanceId, assessment_id: payload.assessmentId, stance: payload.stance, severity: payload.severity, missing: payload.missing });
  }
}
