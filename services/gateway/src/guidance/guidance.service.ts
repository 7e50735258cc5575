import { TOPICS, type MessageOf } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { UpgradesService } from '../upgrades/upgrades.service';
import { GuidanceRepository } from './guidance.repository';
import { guidanceView, type GuidanceView } from './guidance.views';

/** Keeps the guidance read model, pushes what changed it to the `upgrades` and `lifecycle` channels, serves it. */
@Injectable()
export class GuidanceService {
  constructor(
    private readonly repository: GuidanceRepository,
    private readonly lifecycle: LifecycleService,
    private readonly upgrades: UpgradesService,
    private readonly realtime: RealtimeGateway,
  ) {}

  /**
   * Stores a guidance and pushes it when it changed the read model (a new version, or a restated one with
   * other content); a late older version joins the history without becoming the latest, which is by version.
   */
  async apply(message: MessageOf<'guidance.v1'>): Promise<void> {
    if (await this.repository.upsert(message)) this.realtime.push(TOPICS.guidance, message);
  }

  /** The lifecycle's guidance; 404 until the engine has issued one. */
  async ofLifecycle(upgradeId: string): Promise<GuidanceView> {
    const versions = await this.repository.versionsOf(upgradeId);
    if (!versions[0]) throw new NotFoundException(`no guidance for upgrade lifecycle ${upgradeId} yet`);
    return guidanceView(upgradeId, [versions[0], ...versions.slice(1)], null);
  }

  /** The guidance of the lifecycle an upgrade event executed; 404 for an unknown upgrade, one that executed no known lifecycle, or no guidance yet. */
  async ofExecution(eventId: string): Promise<GuidanceView> {
    const lifecycle = await this.lifecycle.executedBy(eventId);
    if (!lifecycle) {
      await this.upgrades.get(eventId); // 404 for an unknown upgrade
      throw new NotFoundException(`upgrade ${eventId} is not the execution of a known upgrade lifecycle`);
    }
    return { ...(await this.ofLifecycle(lifecycle.upgradeId)), executionEventId: eventId };
  }
}
