import { ADMIN_PLANE_KINDS, type MessageOf, type ProtocolEvent, type ScheduledUpgradePayload } from '@pum/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { AssessmentService, ENGINE_SETTINGS, lifecycleProposalKey, type EngineSettings } from '../assessment/assessment.service';
import { GUIDANCE_SETTINGS, type EngineGuidanceSettings } from '../guidance/guidance-settings';
import { RiskService } from '../risk.service';
import { evidenceBlock } from '../assessment/evidence-block';
import { ADMIN_ROLES } from './admin-roles';
import { LifecycleHistoryRepository } from './lifecycle-history.repository';
import { RiskStateRepository, type ContractFactsUpdate, type ForecastSummary } from './risk-state.repository';

/** Control-plane kinds: each event is a subject of its own (docs/risk-rules.md, "Subjects"). */
const CONTROL_KINDS = new Set<ProtocolEvent['kind']>(['admin_changed', ...ADMIN_PLANE_KINDS]);

/** A control-plane event; of AccessControl roles, only grants and revocations of the admin roles. */
function isControlEvent(event: ProtocolEvent): boolean {
  if (event.kind === 'role_granted' || event.kind === 'role_revoked') return ADMIN_ROLES.has(event.role);
  return CONTROL_KINDS.has(event.kind);
}

const YEAR_SECONDS = 365 * 86_400;

/**
 * One method per input topic: stores what the components need, then re-assesses the subjects whose
 * inputs it may have moved (the inputs' hash decides whether that is a new version).
 */
@Injectable()
export class RiskInputsService {
  constructor(
    private readonly state: RiskStateRepository,
    private readonly history: LifecycleHistoryRepository,
    private readonly assessments: AssessmentService,
    private readonly perEvent: RiskService,
    @Inject(ENGINE_SETTINGS) private readonly settings: EngineSettings,
    @Inject(GUIDANCE_SETTINGS) private readonly guidance: EngineGuidanceSettings,
  ) {}

  async onProtocolEvent(message: MessageOf<'protocol.events.v1'>): Promise<void> {
    const event = message.payload;
    await this.perEvent.assess(message); // the per-event upgrade assessment, as before
    const signersMoved = event.status !== 'retracted' && (await this.recordFacts(event, message.occurredAt));
    if (event.protocolId && event.standard === 'governor') await this.state.markGoverned(event.protocolId);
    if (isControlEvent(event) && (await this.state.recordControlEvent(event.eventId, event.status, event.blockHash, event, message.occurredAt))) {
      await this.assessments.assessControlEvent(event, message.occurredAt);
      await this.reassessGoverned(event);
    } else if (signersMoved) {
      // A Safe's signers are read only from its own events, often first from the execution that queued an
      // upgrade (a later log of the same transaction): a lifecycle assessed before them is assessed again.
      await this.reassessGoverned(event);
    }
  }

  async onLifecycle(message: MessageOf<'upgrades.lifecycle.v1'>): Promise<void> {
    const change = message.payload;
    if (change.protocolId && (change.authority === 'governor' || change.authority === 'snapshot')) await this.state.markGoverned(change.protocolId);
    const snapshotKey = change.snapshot ? `snapshot:${change.snapshot.space}:${change.snapshot.id}` : null;
    const changed = await this.state.recordLifecycle(change, message.id, { proposalKey: lifecycleProposalKey(change), snapshotKey }, AssessmentService.closes(change));
    // Where the upgrade began on chain (its proposal's creation): the code then is what was approved.
    if (change.stage !== 'retracted' && evidenceBlock(change.evidence) !== null) await this.history.recordOrigin(change.upgradeId, change.evidence, change.stageAt);
    // The stored stage's own message again (the consumer's retry after a chain read failed, or a replay) is assessed
    // again too: the attempt before may have stopped half-way. The inputs' hash and the guidance ids keep it idempotent.
    const redelivered = !changed && (await this.state.lifecycle(change.upgradeId))?.messageId === message.id;
    if (changed || redelivered) await this.assessments.assessLifecycle(change.upgradeId);
  }

  async onProposal(message: MessageOf<'governance.proposals.v1'>): Promise<void> {
    const proposal = message.payload;
    if (proposal.protocolId) await this.state.markGoverned(proposal.protocolId);
    const a = proposal.analysis;
    const analysis = a && {
      passProbability: a.passProbability,
      margin: a.margin,
      quorumRatio: a.quorumRatio,
      top10Share: a.concentration.top10Share,
      nakamoto: a.concentration.nakamoto,
      largeSideChanges: a.sideChanges.length,
    };
    for (const planned of proposal.plannedUpgrades ?? []) await this.recordScheduled(planned.chainId, planned.upgrade);
    if (await this.state.recordProposal(proposal.proposalKey, proposal.protocolId, proposal.createdAt, a?.asOf ?? proposal.createdAt, analysis)) {
      for (const upgradeId of await this.state.openLifecycles({ proposalKey: proposal.proposalKey })) await this.assessments.assessLifecycle(upgradeId);
    }
  }

  async onSentiment(message: MessageOf<'sentiment.v1'>): Promise<void> {
    const figure = message.payload;
    if (!(await this.state.recordSentiment(figure.subject.type, figure.subject.id, figure.score, figure.items, figure.asOf))) return;
    const affected = figure.subject.type === 'proposal' ? await this.state.openLifecycles({ proposalKey: figure.subject.id }) : await this.state.openLifecycles({ protocolId: figure.subject.id });
    for (const upgradeId of affected) await this.assessments.assessLifecycle(upgradeId);
  }

  async onVolatility(message: MessageOf<'forecast.volatility.v1'>): Promise<void> {
    const forecast = message.payload;
    const protocolId = forecast.series.protocolId;
    if (protocolId === null || forecast.series.metric !== 'price' || forecast.model === 'none') return;
    const annualise = Math.sqrt(YEAR_SECONDS / forecast.input.barSeconds);
    const perStep = forecast.window ? Math.sqrt(forecast.window.variance / forecast.window.steps) : forecast.forecasts[0]?.volatility;
    if (perStep === undefined) return;
    const summary: ForecastSummary = {
      perStepVolatility: perStep,
      annualisedVolatility: perStep * annualise,
      barSeconds: forecast.input.barSeconds,
      window: forecast.window && { variance: forecast.window.variance, steps: forecast.window.steps },
    };
    const upgradeId = forecast.kind === 'event_window' ? (forecast.upgrade?.upgradeId ?? null) : '';
    if (upgradeId === null) return;
    if (await this.state.recordForecast(protocolId, 'volatility', upgradeId, forecast.forecastId, forecast.input.to, summary)) await this.reassessProtocol(protocolId);
  }

  async onLiquidity(message: MessageOf<'forecast.liquidity.v1'>): Promise<void> {
    const forecast = message.payload;
    const protocolId = forecast.series.protocolId;
    // The protocol's cross-chain TVL series: per-chain series of one protocol would overwrite each other.
    if (protocolId === null || forecast.kind !== 'series' || forecast.series.chainId !== null) return;
    const summary: ForecastSummary = { regime: forecast.regime?.state ?? null, forecastChange: forecast.regime?.forecastChange ?? null };
    if (await this.state.recordForecast(protocolId, 'liquidity', '', forecast.forecastId, forecast.input.to, summary)) await this.reassessProtocol(protocolId);
  }

  async onTick(message: MessageOf<'market.ticks.v1'>): Promise<void> {
    const tick = message.payload;
    const keepSeconds = 2 * this.settings.marketWindowSeconds;
    // The hedge asset's prices, whoever's they are: guidance fits the protocol's returns on them (no re-assessment).
    if (tick.metric === 'price' && tick.subject.id === this.guidance.hedgeAssetId) await this.state.recordReferencePrice(tick.subject.id, tick.source, tick.timestamp, tick.value, keepSeconds);
    // Protocol-level figures only: the protocol's TVL, its token's price and volume, cross-chain.
    const wanted = tick.metric === 'tvl' ? tick.subject.type === 'protocol' : tick.subject.type === 'asset';
    if (tick.protocolId === null || tick.chainId !== null || !wanted) return;
    if (await this.state.recordMarketPoint(tick.protocolId, tick.metric, tick.source, tick.timestamp, tick.value, keepSeconds)) await this.reassessProtocol(tick.protocolId);
  }

  /** Authority facts moved: the lifecycles they may govern (the protocol's, or without one the chain's) are re-read. */
  private async reassessGoverned(event: ProtocolEvent): Promise<void> {
    const affected = event.protocolId ? await this.state.openLifecycles({ protocolId: event.protocolId }) : await this.state.openLifecycles({ chainId: event.chainId });
    for (const upgradeId of affected) await this.assessments.assessLifecycle(upgradeId);
  }

  /** Open lifecycles of the protocol; a move smaller than a market step leaves their inputs, so their versions, unchanged. */
  private async reassessProtocol(protocolId: string): Promise<void> {
    for (const upgradeId of await this.state.openLifecycles({ protocolId })) await this.assessments.assessLifecycle(upgradeId);
  }

  /** Authority and code facts read by enrichment at the event's block; true when a Safe's signers changed (or were first seen). */
  private async recordFacts(event: ProtocolEvent, at: string): Promise<boolean> {
    if ('minDelay' in event && event.minDelay !== null && event.kind !== 'timelock_min_delay_changed' && event.kind !== 'timelock_delay_changed') {
      await this.state.updateContractFacts(event.chainId, event.contract, { timelockDelaySeconds: Number(event.minDelay) }, at);
    }
    const signersMoved = 'safeThreshold' in event && event.safeThreshold !== null && (await this.recordSigners(event.chainId, event.contract, event.safeThreshold, event.safeOwners?.length ?? null, at));
    if ('scheduledUpgrades' in event) for (const upgrade of event.scheduledUpgrades ?? []) await this.recordScheduled(event.chainId, upgrade);
    await this.recordKindFacts(event, at);
    return signersMoved;
  }

  /** Stores a Safe's threshold and owner count; true when the stored ones differ afterwards (an older event changes nothing). */
  private async recordSigners(chainId: number, safe: string, threshold: number, owners: number | null, at: string): Promise<boolean> {
    const before = await this.state.contractFacts(chainId, safe);
    await this.state.updateContractFacts(chainId, safe, { safeThreshold: threshold, safeOwners: owners }, at);
    const after = await this.state.contractFacts(chainId, safe);
    return before?.safeThreshold !== after?.safeThreshold || before?.safeOwners !== after?.safeOwners;
  }

  /** The facts particular to the event's kind. */
  private async recordKindFacts(event: ProtocolEvent, at: string): Promise<void> {
    const facts = (address: string, update: ContractFactsUpdate) => this.state.updateContractFacts(event.chainId, address, update, at);
    switch (event.kind) {
      case 'upgraded':
        if (event.newImplementationCodeSize !== null) await facts(event.newImplementation, { codeSize: event.newImplementationCodeSize });
        return;
      case 'beacon_upgraded':
        if (event.newImplementation !== null && event.newImplementationCodeSize !== null) await facts(event.newImplementation, { codeSize: event.newImplementationCodeSize });
        return;
      case 'admin_changed':
        await facts(event.contract, { admin: event.newAdmin, adminCodeSize: event.newAdminCodeSize });
        if (event.newAdminCodeSize !== null) await facts(event.newAdmin, { codeSize: event.newAdminCodeSize });
        return;
      case 'ownership_transferred':
        await facts(event.contract, { owner: event.newOwner, ownerCodeSize: event.newOwnerCodeSize });
        if (event.newOwnerCodeSize !== null) await facts(event.newOwner, { codeSize: event.newOwnerCodeSize });
        return;
      case 'role_granted':
      case 'role_revoked':
        await this.state.setRoleMember(event.chainId, event.contract, event.role, event.account, event.kind === 'role_granted', at);
        return;
      case 'timelock_min_delay_changed':
        await facts(event.contract, { timelockDelaySeconds: Number(event.newDelay), timelockPreviousDelaySeconds: Number(event.oldDelay), timelockDelayChangedAt: at });
        return;
      case 'timelock_delay_changed': {
        const before = await this.state.contractFacts(event.chainId, event.contract);
        // A replay finds the new delay already stored: keep the delay from before the change.
        const previous = before?.timelockDelayChangedAt === at ? before.timelockPreviousDelaySeconds : (before?.timelockDelaySeconds ?? null);
        await facts(event.contract, { timelockDelaySeconds: Number(event.newDelay), timelockPreviousDelaySeconds: previous, timelockDelayChangedAt: at });
        return;
      }
      // Their facts (delays, Safe signers, scheduled upgrades) are read above.
      case 'diamond_cut':
      case 'paused':
      case 'unpaused':
      case 'proposal_canceled':
      case 'proposal_created':
      case 'proposal_executed':
      case 'proposal_queued':
      case 'role_admin_changed':
      case 'safe_execution_failure':
      case 'safe_execution_success':
      case 'safe_guard_changed':
      case 'safe_module_disabled':
      case 'safe_module_enabled':
      case 'safe_owner_added':
      case 'safe_owner_removed':
      case 'safe_threshold_changed':
      case 'timelock_call_executed':
      case 'timelock_call_scheduled':
      case 'timelock_cancelled':
      case 'timelock_tx_cancelled':
      case 'timelock_tx_executed':
      case 'timelock_tx_queued':
      case 'vote_cast':
        return;
    }
  }

  private async recordScheduled(chainId: number, upgrade: ScheduledUpgradePayload): Promise<void> {
    if (upgrade.kind === 'upgrade_to_and_call' || upgrade.kind === 'proxy_admin_upgrade_and_call') {
      await this.state.recordInitData(chainId, upgrade.target, upgrade.newImplementation, upgrade.initData);
    }
  }
}

