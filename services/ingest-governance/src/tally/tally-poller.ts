import type { GovernanceProposal } from '@pum/contracts';
import { EventPublisher, JsonLogger, SourceHttpClient, type SourceHttpOptions } from '@pum/platform';
import { getAddress } from 'viem';
import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { ProposalPublisher } from '../analysis/proposal-publisher';
import { eachIsolated, PollLoop } from '../http/poll-loop';
import { publishRawRecords } from '../http/raw-records';
import { SourceMetrics } from '../http/source-metrics';
import { GovernanceRegistry } from '../registry/governance-registry';
import { GovernanceRepository } from '../store/governance.repository';
import { TallyClient } from './tally-client';
import { normaliseTallyProposal } from './tally-normaliser';

/** Injection token of the Tally poller's settings. */
export const TALLY_SETTINGS = Symbol('TALLY_SETTINGS');

/** What the Tally poller is configured with (TALLY_*, the shared GOVERNANCE_HTTP_* keys). */
export interface TallySettings {
  enabled: boolean;
  http: SourceHttpOptions;
  apiUrl: string;
  pollIntervalMs: number;
  /** Base URL of proposal links. */
  appUrl: string;
}

/**
 * Optional (TALLY_ENABLED, off by default: Tally announced its shutdown in 2026): reads the proposals
 * of every registry Governor from Tally each round and publishes those whose state or tallies changed.
 * Tally gives no votes here, so its proposals carry no analysis unless votes are stored for them.
 */
@Injectable()
export class TallyPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly client: TallyClient;
  private readonly loop: PollLoop;
  private readonly http: SourceHttpClient;

  constructor(
    @Inject(TALLY_SETTINGS) private readonly settings: TallySettings,
    private readonly registry: GovernanceRegistry,
    private readonly store: GovernanceRepository,
    private readonly publisher: EventPublisher,
    private readonly proposals: ProposalPublisher,
    private readonly metrics: SourceMetrics,
    logger: JsonLogger,
  ) {
    this.http = new SourceHttpClient(settings.http, metrics, logger);
    this.client = new TallyClient(this.http, settings.apiUrl);
    this.loop = new PollLoop('tally', settings.pollIntervalMs, () => this.pollAll(), metrics, logger);
  }

  onApplicationBootstrap(): void {
    if (this.settings.enabled && this.registry.venues.some((venue) => venue.governors.length > 0)) this.loop.start();
  }

  /** Before the platform disconnects the publisher and Postgres: ends any wait on the source, then the round in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    this.http.close();
    await this.loop.stop();
  }

  /** One round over every registry Governor; a failing one is reported and the others still read. */
  async pollAll(): Promise<void> {
    // Tally's governor ids carry the checksummed address.
    const governors = this.registry.venues.flatMap((venue) => venue.governors.map((g) => ({ protocolId: venue.protocolId, id: `eip155:${g.chainId}:${getAddress(g.address)}` })));
    await eachIsolated(governors, (governor) => `governor ${governor.id}`, (governor) => this.pollGovernor(governor.protocolId, governor.id));
  }

  private async pollGovernor(protocolId: string, governorId: string): Promise<void> {
    for await (const page of this.client.proposalPages(governorId)) {
      const normalised = page.items.map((item) => normaliseTallyProposal(item, protocolId, this.settings.appUrl));
      const stored = new Map((await this.store.proposals(normalised.map((p) => p.proposalKey))).map((p) => [p.proposalKey, p]));
      const changed = normalised.filter((p) => differs(stored.get(p.proposalKey), p));
      if (changed.length === 0) continue;
      const nodes = new Map(page.items.map((item) => [item.id, item]));
      await publishRawRecords(
        this.publisher,
        changed.map((p) => ({ source: 'tally', kind: 'proposal', externalId: p.id, scope: p.space, protocolId, request: page.request, body: nodes.get(p.id), version: `${p.state}:${p.votes}:${p.scoresTotal}`, occurredAt: new Date(p.createdAt) })),
      );
      await this.proposals.publishProposals(changed);
      await this.store.saveProposals(changed);
      this.metrics.records.inc({ source: 'tally', kind: 'proposal' }, changed.length);
    }
  }
}

function differs(before: GovernanceProposal | undefined, after: GovernanceProposal): boolean {
  return !before || before.state !== after.state || before.votes !== after.votes || before.scoresTotal !== after.scoresTotal || before.end !== after.end;
}
