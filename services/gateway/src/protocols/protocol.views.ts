import type { Sentiment } from '@pum/contracts';
import { ADMIN_PLANE_KINDS, LIVE_STATUSES } from '../events/event-catalogue';
import type { EventView } from '../events/event.views';
import type { ForecastView } from '../forecasts/forecast.views';
import type { ProposalSummaryView } from '../governance/governance.views';
import type { LifecycleView } from '../lifecycle/lifecycle.views';
import type { UpgradeView } from '../upgrades/upgrade.views';
import type { RegistryProtocol } from './protocol-directory';

/** What the read models hold about a protocol, counted (see openapi.yaml `ProtocolCounts`). */
export interface ProtocolCounts {
  contracts: number;
  /** Protocol events not retracted. */
  events: number;
  /** Upgrade events not retracted. */
  upgrades: number;
  /** Upgrades under way: proposed, voting, succeeded or queued. */
  openLifecycle: number;
  /** Proposals pending, active, succeeded or queued. */
  activeProposals: number;
}

/** The registry entry of a protocol, optional ids as null. */
function registryView(protocol: RegistryProtocol) {
  return {
    id: protocol.id,
    name: protocol.name,
    snapshotSpace: protocol.snapshotSpace ?? null,
    defillamaSlug: protocol.defillamaSlug ?? null,
    coingeckoId: protocol.coingeckoId ?? null,
    forumUrl: protocol.forumUrl ?? null,
  };
}

/** REST shape of a protocol in the list (see openapi.yaml `ProtocolListItem`). */
export function protocolListItemView(protocol: RegistryProtocol, counts: ProtocolCounts, lastEventAt: Date | null) {
  return {
    ...registryView(protocol),
    chainIds: [...new Set(protocol.contracts.map((contract) => contract.chainId))].sort((a, b) => a - b),
    counts,
    lastEventAt: lastEventAt?.toISOString() ?? null,
    url: `/api/v1/protocols/${protocol.id}`,
  };
}

/** The parts of a protocol summary the other read models provide. */
export interface ProtocolSections {
  counts: ProtocolCounts;
  lastEventAt: Date | null;
  upgrades: UpgradeView[];
  lifecycle: LifecycleView[];
  proposals: ProposalSummaryView[];
  volatility: ForecastView[];
  liquidity: ForecastView[];
  sentiment: Sentiment | null;
  adminEvents: EventView[];
  /** Start of the admin-plane window. */
  adminSince: Date;
  asOf: Date;
}

/** REST shape of one protocol's summary (see openapi.yaml `ProtocolSummary`): each section with the list it comes from. */
export function protocolSummaryView(protocol: RegistryProtocol, sections: ProtocolSections) {
  const id = encodeURIComponent(protocol.id);
  const adminEventsUrl = `/api/v1/events?protocolId=${id}&kind=${ADMIN_PLANE_KINDS.join(',')}&status=${LIVE_STATUSES.join(',')}&since=${encodeURIComponent(sections.adminSince.toISOString())}`;
  return {
    ...registryView(protocol),
    contracts: protocol.contracts.map(({ chainId, address, role }) => ({ chainId, address, role })),
    counts: sections.counts,
    lastEventAt: sections.lastEventAt?.toISOString() ?? null,
    upgrades: { items: sections.upgrades, url: `/api/v1/upgrades?protocolId=${id}` },
    lifecycle: { items: sections.lifecycle, url: `/api/v1/lifecycle?protocolId=${id}` },
    proposals: { items: sections.proposals, url: `/api/v1/proposals?protocolId=${id}` },
    forecasts: { volatility: sections.volatility, liquidity: sections.liquidity, url: `/api/v1/forecasts?protocolId=${id}` },
    sentiment: sections.sentiment,
    adminEvents: { since: sections.adminSince.toISOString(), items: sections.adminEvents, url: adminEventsUrl },
    asOf: sections.asOf.toISOString(),
  };
}

export type ProtocolListItemView = ReturnType<typeof protocolListItemView>;
export type ProtocolSummaryView = ReturnType<typeof protocolSummaryView>;
