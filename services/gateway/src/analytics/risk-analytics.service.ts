import type { RiskAssessment } from '@pum/contracts';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { perEventVersionView, subjectVersionView, type RiskVersionView } from '../assessments/risk-history.views';
import { SubjectAssessmentsService } from '../assessments/subject-assessments.service';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { ProtocolDirectory } from '../protocols/protocol-directory';
import { UpgradesService } from '../upgrades/upgrades.service';
import { protocolRiskView, type ProtocolRiskView } from './risk-analytics.views';
import { summariseRisk } from './risk-summary';

const DAY_MS = 86_400_000;

/**
 * A protocol's current risk: the latest assessment of each of its subjects — upgrades under way (whatever
 * their age), control-plane events and upgrade events assessed in the last `days` — summarised. A subject
 * whose latest assessment is of a retracted event is not current. An event assessed both per event and as a
 * control-plane event counts once, as the versioned control-plane assessment.
 */
@Injectable()
export class RiskAnalyticsService {
  constructor(
    @Inject(ProtocolDirectory) private readonly directory: ProtocolDirectory,
    private readonly lifecycle: LifecycleService,
    private readonly subjects: SubjectAssessmentsService,
    private readonly upgrades: UpgradesService,
  ) {}

  async ofProtocol(protocolId: string, options: { days: number }): Promise<ProtocolRiskView> {
    const protocol = this.directory.find(protocolId);
    if (!protocol) throw new NotFoundException(`no protocol with id ${protocolId} in the registry`);
    const asOf = new Date();
    const since = new Date(asOf.getTime() - options.days * DAY_MS);
    const [lifecycles, controlEvents, perEvent] = await Promise.all([
      this.lifecycle.openIds(protocolId).then((ids) => this.subjects.latestOf('lifecycle', ids)),
      this.subjects.latestOfProtocol('control_event', protocolId, since),
      this.upgrades.latestAssessmentsOfProtocol(protocolId, since),
    ]);
    const controlIds = new Set(controlEvents.map((a) => a.subjectId));
    const versioned = [...lifecycles, ...controlEvents].filter(current);
    const subjects: RiskVersionView[] = [
      ...versioned.map(subjectVersionView),
      ...perEvent.filter((row) => row.subjectStatus !== 'retracted' && !controlIds.has(row.upgradeId)).map(perEventVersionView),
    ].sort((a, b) => b.score - a.score || a.subjectType.localeCompare(b.subjectType) || a.subjectId.localeCompare(b.subjectId));
    const componentsOf = new Map(versioned.map((a) => [a.assessmentId, a.components]));
    const summary = summariseRisk(subjects.map((s) => ({ score: s.score, level: s.level, components: componentsOf.get(s.assessmentId) })));
    return protocolRiskView(protocol, subjects, summary, { since, asOf });
  }
}

function current(assessment: RiskAssessment): boolean {
  return assessment.subjectStatus !== 'retracted';
}
