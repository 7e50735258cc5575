import { Injectable, NotFoundException } from '@nestjs/common';
import { EventsService } from '../events/events.service';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { riskView } from '../upgrades/upgrade.views';
import { UpgradesService } from '../upgrades/upgrades.service';
import { newestFirst, perEventVersionView, subjectVersionView, type UpgradeRiskView } from './risk-history.views';
import { SubjectAssessmentsService, type ControlEventRiskView } from './subject-assessments.service';

/**
 * Risk histories across subjects: an upgrade event is assessed per event, may be a control-plane event
 * too (an admin change), and may be the execution of a lifecycle assessed at every stage before it.
 * Reads through the other modules' services only.
 */
@Injectable()
export class RiskHistoryService {
  constructor(
    private readonly upgrades: UpgradesService,
    private readonly subjects: SubjectAssessmentsService,
    private readonly lifecycle: LifecycleService,
    private readonly events: EventsService,
  ) {}

  /** The upgrade's latest per-event assessment and every assessment of the event and of the lifecycle it executed, newest first. */
  async ofUpgrade(eventId: string): Promise<UpgradeRiskView> {
    const [perEvent, control, lifecycle] = await Promise.all([
      this.upgrades.assessmentsOf(eventId),
      this.subjects.versionsOf('control_event', eventId),
      this.lifecycle.executedBy(eventId),
    ]);
    const lifecycleVersions = lifecycle ? await this.subjects.versionsOf('lifecycle', lifecycle.upgradeId) : [];
    const history = [...perEvent.map(perEventVersionView), ...control.map(subjectVersionView), ...lifecycleVersions.map(subjectVersionView)].sort(newestFirst);
    return { ...riskView(perEvent[0]), lifecycleId: lifecycle?.upgradeId ?? null, history };
  }

  /** Every version of a control-plane event's assessment; 404 for an unknown event or one not assessed. */
  async ofControlEvent(eventId: string): Promise<ControlEventRiskView> {
    const risk = await this.subjects.ofControlEvent(eventId);
    if (risk) return risk;
    await this.events.get(eventId); // 404 for an unknown event
    throw new NotFoundException(`protocol event ${eventId} has not been assessed as a control-plane event`);
  }
}
