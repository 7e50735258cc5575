import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ADMIN_PLANE_KINDS, LIVE_STATUSES } from '../events/event-catalogue';
import { EventsService } from '../events/events.service';
import { ForecastsService } from '../forecasts/forecasts.service';
import { GovernanceService } from '../governance/governance.service';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { UpgradesService } from '../upgrades/upgrades.service';
import { ProtocolDirectory, type RegistryProtocol } from './protocol-directory';
import { protocolListItemView, protocolSummaryView, type ProtocolCounts, type ProtocolListItemView, type ProtocolSummaryView } from './protocol.views';

const DAY_MS = 86_400_000;

export interface SummaryOptions {
  /** Admin-plane events of the last `days` days. */
  days: number;
  /** Items per section. */
  limit: number;
}

/**
 * Protocols as the registry names them, with what every read model holds about each: counts for the
 * list, and for one protocol a summary to act on. Reads through the other modules' services only.
 */
@Injectable()
export class ProtocolsService {
  constructor(
    @Inject(ProtocolDirectory) private readonly directory: ProtocolDirectory,
    private readonly events: EventsService,
    private readonly upgrades: UpgradesService,
    private readonly lifecycle: LifecycleService,
    private readonly governance: GovernanceService,
    private readonly forecasts: ForecastsService,
  ) {}

  async list(): Promise<{ items: ProtocolListItemView[] }> {
    const protocols = this.directory.all();
    const counted = await this.countsOf(protocols);
    return { items: protocols.map((protocol, i) => protocolListItemView(protocol, counted[i]!.counts, counted[i]!.lastEventAt)) };
  }

  async summary(protocolId: string, options: SummaryOptions): Promise<ProtocolSummaryView> {
    const protocol = this.directory.find(protocolId);
    if (!protocol) throw new NotFoundException(`no protocol with id ${protocolId} in the registry`);
    const asOf = new Date();
    const adminSince = new Date(asOf.getTime() - options.days * DAY_MS);
    const { limit } = options;
    const [[counted], upgrades, lifecycle, proposals, volatility, liquidity, sentiment, adminEvents] = await Promise.all([
      this.countsOf([protocol]),
      this.upgrades.list({ protocolId, statuses: [...LIVE_STATUSES] }, limit),
      this.lifecycle.open(protocolId, limit),
      this.governance.active(protocolId, limit),
      this.forecasts.list({ protocolId, kind: 'volatility' }, limit),
      this.forecasts.list({ protocolId, kind: 'liquidity' }, limit),
      this.governance.protocolSentiment(protocolId),
      this.events.list({ protocolId, kinds: [...ADMIN_PLANE_KINDS], statuses: [...LIVE_STATUSES], since: adminSince }, limit),
    ]);
    return protocolSummaryView(protocol, {
      ...counted!,
      upgrades: upgrades.items,
      lifecycle,
      proposals,
      volatility: volatility.items,
      liquidity: liquidity.items,
      sentiment,
      adminEvents: adminEvents.items,
      adminSince,
      asOf,
    });
  }

  /** Counts of each protocol, in the given order: one grouped query per read model, whatever the number of protocols. */
  private async countsOf(protocols: RegistryProtocol[]): Promise<{ counts: ProtocolCounts; lastEventAt: Date | null }[]> {
    const ids = protocols.map((protocol) => protocol.id);
    const [events, upgrades, lifecycle, proposals] = await Promise.all([
      this.events.statsByProtocol(ids),
      this.upgrades.countLiveByProtocol(ids),
      this.lifecycle.countOpenByProtocol(ids),
      this.governance.countActiveByProtocol(ids),
    ]);
    return protocols.map((protocol) => ({
      counts: {
        contracts: protocol.contracts.length,
        events: events.get(protocol.id)?.events ?? 0,
        upgrades: upgrades.get(protocol.id) ?? 0,
        openLifecycle: lifecycle.get(protocol.id) ?? 0,
        activeProposals: proposals.get(protocol.id) ?? 0,
      },
      lastEventAt: events.get(protocol.id)?.lastEventAt ?? null,
    }));
  }
}
