import { TOPICS, versionedAssessmentId, type ProtocolEvent, type RiskAssessment, type UpgradeLifecycle } from '@pum/contracts';
import { EventPublisher, JsonLogger } from '@pum/platform';
import type { UpgradeRiskModel } from '@pum/risk-model';
import { Inject, Injectable } from '@nestjs/common';
import { ADMIN_ROLES, PROPOSER_ROLE } from '../inputs/admin-roles';
import { RiskStateRepository, type ContractFacts } from '../inputs/risk-state.repository';
import { UpgradeHistoryRepository } from '../upgrade-history.repository';
import { assessInputs, type AssessmentSettings } from './assess-inputs';
import { AssessmentsRepository } from './assessments.repository';
import { BYTECODE_FACTS, type BytecodeFactsSource } from './bytecode-facts';
import { ChainContractDeployments } from './contract-deployments';
import { GUIDANCE_STEP, type GuidanceStep } from './guidance-step';
import { inputsHash, stepped, steppedLevel, type ActionInputs, type AssessmentInputs, type AuthorityInputs, type DeploymentInputs, type LiquidityInputs, type MarketInputs } from './inputs';
import { MarketReads, type MarketReading } from './market-reads';

/** DI tokens of the engine's settings and its trained model. */
export const ENGINE_SETTINGS = Symbol('ENGINE_SETTINGS');
export const RISK_MODEL = Symbol('RISK_MODEL');

export interface EngineSettings extends AssessmentSettings {
  marketStep: number;
  marketWindowSeconds: number;
  rapidWindowSeconds: number;
  /** Version of the engine's rules; with the model's, the assessments' `modelVersion`. */
  rulesVersion: string;
}

/** Version of the component rules (docs/risk-rules.md); part of every versioned assessment's `modelVersion`. */
export const ENGINE_RULES_VERSION = 'risk-components-v2';

const CLOSING_STAGES = new Set(['executed', 'cancelled', 'defeated', 'expired']);

/**
 * Assesses subjects — lifecycles and control-plane events — from the stored inputs, and publishes a
 * new version when the inputs' hash differs from the subject's latest (docs/risk-rules.md, "Versions").
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly state: RiskStateRepository,
    private readonly versions: AssessmentsRepository,
    private readonly history: UpgradeHistoryRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: JsonLogger,
    @Inject(ENGINE_SETTINGS) private readonly settings: EngineSettings,
    @Inject(RISK_MODEL) private readonly model: UpgradeRiskModel,
    @Inject(BYTECODE_FACTS) private readonly bytecode: BytecodeFactsSource,
    @Inject(GUIDANCE_STEP) private readonly guidance: GuidanceStep,
    private readonly marketReads: MarketReads,
    private readonly deployments: ChainContractDeployments,
  ) {}

  /** Whether a lifecycle stage closes it: nothing but its own later stages re-assess it. */
  static closes(change: UpgradeLifecycle): boolean {
    return CLOSING_STAGES.has(change.stage) || (change.stage === 'retracted' && (change.revertedTo ?? null) === null);
  }

  async assessLifecycle(upgradeId: string): Promise<void> {
    const stored = await this.state.lifecycle(upgradeId);
    if (!stored) return;
    const lifecycle = stored.payload;
    const stage = lifecycle.stage === 'retracted' ? (lifecycle.revertedTo ?? 'retracted') : lifecycle.stage;
    const execution = lifecycle.executionEventId;
    const implementationFacts = lifecycle.newImplementation ? await this.state.contractFacts(lifecycle.chainId, lifecycle.newImplementation) : null;
    const at = Math.floor(new Date(lifecycle.stageAt).getTime() / 1000);
    const recentUpgrades = await this.history.countBefore(lifecycle.chainId, lifecycle.target, execution ?? '', at, this.settings.rapidWindowSeconds);
    const action: ActionInputs = {
      kind: lifecycle.upgradeKind,
      newImplementation: lifecycle.newImplementation,
      initData: await this.initDataOf(lifecycle),
      newImplementationCodeSize: implementationFacts?.codeSize ?? null,
      recentUpgrades,
      event: null,
    };
    const proposalKey = lifecycleProposalKey(lifecycle);
    const proposal = proposalKey ? await this.state.proposal(proposalKey) : null;
    const sentiment = (proposalKey ? await this.state.sentiment('proposal', proposalKey) : null) ?? (lifecycle.protocolId ? await this.state.sentiment('protocol', lifecycle.protocolId) : null);
    const reading = await this.marketReads.of(lifecycle.protocolId);
    const inputs: AssessmentInputs = {
      subject: {
        type: 'lifecycle',
        id: upgradeId,
        chainId: lifecycle.chainId,
        contract: lifecycle.target,
        protocolId: lifecycle.protocolId,
        status: stage === 'retracted' ? 'retracted' : 'confirmed',
        stage,
        eta: lifecycle.eta,
        at: lifecycle.stageAt,
      },
      action,
      authority: await this.lifecycleAuthority(lifecycle),
      proposal,
      sentiment,
      market: await this.marketOf(lifecycle.protocolId, upgradeId, reading),
      liquidity: await this.liquidityOf(lifecycle.protocolId, reading),
      bytecode: await this.bytecode.factsFor({ chainId: lifecycle.chainId, target: lifecycle.target, newImplementation: lifecycle.newImplementation, stage, executionEventId: execution, upgradeId }),
      deployment: await this.deploymentOf(lifecycle.chainId, lifecycle.target, lifecycle.stageAt),
      observed: reading.observed,
    };
    await this.publishVersion(inputs);
  }

  async assessControlEvent(event: ProtocolEvent, occurredAt: string): Promise<void> {
    const facts = await this.state.contractFacts(event.chainId, event.contract);
    const reading = await this.marketReads.of(event.protocolId);
    const inputs: AssessmentInputs = {
      subject: {
        type: 'control_event',
        id: event.eventId,
        chainId: event.chainId,
        contract: event.contract,
        protocolId: event.protocolId,
        status: event.status,
        stage: null,
        eta: null,
        at: occurredAt,
      },
      action: { kind: event.kind, newImplementation: null, initData: null, newImplementationCodeSize: null, recentUpgrades: 0, event: controlFields(event, facts) },
      authority: await this.controlAuthority(event, facts),
      proposal: null,
      sentiment: event.protocolId ? await this.state.sentiment('protocol', event.protocolId) : null,
      market: await this.marketOf(event.protocolId, null, reading),
      liquidity: await this.liquidityOf(event.protocolId, reading),
      bytecode: null,
      // A retracted event's contract may never have been deployed on the canonical chain.
      deployment: event.status === 'retracted' ? null : await this.deploymentOf(event.chainId, event.contract, occurredAt),
      observed: reading.observed,
    };
    await this.publishVersion(inputs);
  }

  private async publishVersion(inputs: AssessmentInputs): Promise<void> {
    const hash = inputsHash(inputs);
    const { subject } = inputs;
    const stored = await this.versions.addVersion(subject.type, subject.id, hash, (version) => this.build(inputs, hash, version));
    // Unless these are the same inputs as the latest version, already on Kafka.
    if (!stored.published) {
      await this.publisher.publish(TOPICS.riskAssessments, [
        { key: `${subject.chainId}:${subject.contract}`, id: stored.payload.assessmentId, occurredAt: stored.payload.assessedAt ?? subject.at, payload: stored.payload },
      ]);
      await this.versions.markPublished(subject.type, subject.id, stored.version);
      this.logger.log({ msg: 'assessment version published', assessment_id: stored.payload.assessmentId, score: stored.payload.score, level: stored.payload.level });
    }
    // Also for a version already published: a guidance step that failed after the publish is retried with the message.
    await this.guidance.onAssessed(stored.payload, inputs);
  }

  private build(inputs: AssessmentInputs, hash: string, version: number): RiskAssessment {
    const { subject } = inputs;
    const assessed = assessInputs(inputs, this.model, this.settings);
    return {
      assessmentId: versionedAssessmentId(subject.type, subject.id, version, hash),
      subjectType: subject.type,
      subjectId: subject.id,
      chainId: subject.chainId,
      contract: subject.contract as `0x${string}`,
      protocolId: subject.protocolId,
      score: assessed.score,
      level: assessed.level,
      factors: assessed.factors,
      modelVersion: `${this.settings.rulesVersion}+${this.model.modelVersion}`,
      subjectStatus: subject.status,
      assessmentVersion: version,
      inputsHash: hash,
      ...(subject.type === 'lifecycle' ? { stage: subject.stage ?? undefined, eta: subject.eta } : {}),
      components: assessed.components,
      recommendations: assessed.recommendations,
      model: assessed.model,
      assessedAt: subject.at,
    };
  }

  /** The lifecycle's own timelock (or the one its origin names), then who controls the target. */
  private async lifecycleAuthority(lifecycle: UpgradeLifecycle): Promise<AuthorityInputs> {
    const timelockAddress = lifecycle.timelock?.address ?? /#timelock:(0x[0-9a-f]{40}):/.exec(lifecycle.upgradeId)?.[1] ?? null;
    const resolved = timelockAddress ? await this.timelockControl(lifecycle.chainId, timelockAddress) : await this.controllerOf(lifecycle.chainId, lifecycle.target);
    return { kind: lifecycle.authority, ...resolved, protocolHasGovernor: await this.state.hasGovernor(lifecycle.protocolId) };
  }

  /** After a control event: the key now in control of the event's contract. */
  private async controlAuthority(event: ProtocolEvent, facts: ContractFacts | null): Promise<AuthorityInputs> {
    const protocolHasGovernor = await this.state.hasGovernor(event.protocolId);
    if (event.standard === 'safe') return { kind: 'multisig', timelock: null, safe: safeOf(event.contract, facts), eoa: null, protocolHasGovernor };
    if (event.standard === 'oz_timelock' || event.standard === 'compound_timelock') return { kind: 'timelock', ...(await this.timelockControl(event.chainId, event.contract)), protocolHasGovernor };
    const resolved = await this.controllerOf(event.chainId, event.contract);
    const kind = resolved.eoa ? 'eoa' : resolved.safe ? 'multisig' : resolved.timelock ? 'timelock' : 'unknown';
    return { kind, ...resolved, protocolHasGovernor };
  }

  /** A timelock with its delay, and the Safe or EOA among its proposers. */
  private async timelockControl(chainId: number, address: string): Promise<Omit<AuthorityInputs, 'kind' | 'protocolHasGovernor'>> {
    const facts = await this.state.contractFacts(chainId, address);
    const timelock = { address, delaySeconds: facts?.timelockDelaySeconds ?? null, previousDelaySeconds: facts?.timelockPreviousDelaySeconds ?? null, changedAt: facts?.timelockDelayChangedAt ?? null };
    for (const proposer of await this.state.roleMembers(chainId, address, PROPOSER_ROLE)) {
      const proposerFacts = await this.state.contractFacts(chainId, proposer);
      if (proposerFacts && proposerFacts.safeThreshold !== null) return { timelock, safe: safeOf(proposer, proposerFacts), eoa: null };
      if (proposerFacts?.codeSize === 0) return { timelock, safe: null, eoa: proposer };
    }
    return { timelock, safe: null, eoa: null };
  }

  /** Follows admin, then owner, up to three hops from a contract, to the first Safe, timelock or EOA. */
  private async controllerOf(chainId: number, contract: string): Promise<Omit<AuthorityInputs, 'kind' | 'protocolHasGovernor'>> {
    let current = contract;
    for (let hop = 0; hop < 3; hop++) {
      const facts = await this.state.contractFacts(chainId, current);
      const next = facts?.admin ?? facts?.owner ?? null;
      if (next === null) break;
      const nextCodeSize = facts?.admin ? facts.adminCodeSize : (facts?.ownerCodeSize ?? null);
      if (nextCodeSize === 0) return { timelock: null, safe: null, eoa: next };
      const nextFacts = await this.state.contractFacts(chainId, next);
      if (nextFacts && nextFacts.safeThreshold !== null) return { timelock: null, safe: safeOf(next, nextFacts), eoa: null };
      if (nextFacts && nextFacts.timelockDelaySeconds !== null) return this.timelockControl(chainId, next);
      current = next;
    }
    return { timelock: null, safe: null, eoa: null };
  }

  /** The initialiser data of an `upgradeToAndCall`, from the scheduled upgrade the lifecycle's evidence event carried. */
  private async initDataOf(lifecycle: UpgradeLifecycle): Promise<string | null> {
    if (!lifecycle.upgradeKind.endsWith('_and_call')) return null;
    return this.state.scheduledInitData(lifecycle.chainId, lifecycle.target, lifecycle.newImplementation);
  }

  /** The contract's deployment and its age in whole days at `at` (a contract deployed after `at`: 0). */
  private async deploymentOf(chainId: number, contract: string, at: string): Promise<DeploymentInputs | null> {
    const deployment = await this.deployments.deploymentOf(chainId, contract);
    if (deployment === null) return null;
    const ageDays = Math.max(0, Math.floor((Date.parse(at) - Date.parse(deployment.deployedAt)) / 86_400_000));
    return { blockNumber: deployment.blockNumber.toString(), deployedAt: deployment.deployedAt, ageDays };
  }

  private async marketOf(protocolId: string | null, upgradeId: string | null, reading: MarketReading): Promise<MarketInputs> {
    if (protocolId === null) return { annualisedVolatility: null, windowToBaseline: null, drawdown: null, reference: null };
    const step = this.settings.marketStep;
    const series = await this.state.forecast(protocolId, 'volatility', '');
    const window = upgradeId ? await this.state.forecast(protocolId, 'volatility', upgradeId) : null;
    const prices = await this.state.marketWindow(protocolId, 'price', this.settings.marketWindowSeconds);
    const high = Math.max(...prices.map((p) => p.value));
    const last = prices.at(-1)?.value;
    const ratio = window?.perStepVolatility !== undefined && series?.perStepVolatility ? window.perStepVolatility / series.perStepVolatility : null;
    return {
      annualisedVolatility: stepped((window ?? series)?.annualisedVolatility ?? null, step),
      windowToBaseline: stepped(ratio, step),
      drawdown: last !== undefined && high > 0 ? stepped((high - last) / high, step) : null,
      reference: reading.reference,
    };
  }

  private async liquidityOf(protocolId: string | null, reading: MarketReading): Promise<LiquidityInputs> {
    if (protocolId === null) return { tvlUsd: null, tvlChange: null, regime: null, forecastChange: null, volumeToTvl: null, poolDepth: null };
    const step = this.settings.marketStep;
    const tvl = await this.state.marketWindow(protocolId, 'tvl', this.settings.marketWindowSeconds);
    const volume = await this.state.marketWindow(protocolId, 'volume', this.settings.marketWindowSeconds);
    const forecast = await this.state.forecast(protocolId, 'liquidity', '');
    const first = tvl[0]?.value;
    const last = tvl.at(-1)?.value;
    const lastVolume = volume.at(-1)?.value;
    return {
      tvlUsd: steppedLevel(last ?? null, step),
      tvlChange: first !== undefined && last !== undefined && first > 0 ? stepped(last / first - 1, step) : null,
      regime: forecast?.regime ?? null,
      forecastChange: stepped(forecast?.forecastChange ?? null, step),
      volumeToTvl: lastVolume !== undefined && last !== undefined && last > 0 ? stepped(lastVolume / last, step / 10) : null,
      poolDepth: reading.poolDepth,
    };
  }
}

function safeOf(address: string, facts: ContractFacts | null): AuthorityInputs['safe'] {
  return { address, threshold: facts?.safeThreshold ?? null, owners: facts?.safeOwners ?? null };
}

/** `source:space:id` of the lifecycle's proposal (on-chain spaces are lower-case addresses), as governance.proposals.v1 keys it. */
export function lifecycleProposalKey(lifecycle: Pick<UpgradeLifecycle, 'proposal'>): string | null {
  const p = lifecycle.proposal;
  if (!p) return null;
  return `${p.source}:${p.source === 'governor' ? p.space.toLowerCase() : p.space}:${p.id}`;
}

/** The fields of a control event its rules read (flat, JSON-safe). */
function controlFields(event: ProtocolEvent, facts: ContractFacts | null): Record<string, string | number | boolean | null> {
  switch (event.kind) {
    case 'admin_changed':
      return { previousAdmin: event.previousAdmin, newAdmin: event.newAdmin, newAdminCodeSize: event.newAdminCodeSize };
    case 'ownership_transferred':
      return { previousOwner: event.previousOwner, newOwner: event.newOwner, newOwnerCodeSize: event.newOwnerCodeSize, renounced: /^0x0{40}$/.test(event.newOwner) };
    case 'role_granted':
    case 'role_revoked':
      return { role: event.role, roleName: ADMIN_ROLES.get(event.role) ?? null, account: event.account, sender: event.sender };
    case 'role_admin_changed':
      return { role: event.role, roleName: ADMIN_ROLES.get(event.role) ?? null, previousAdminRole: event.previousAdminRole, newAdminRole: event.newAdminRole };
    case 'paused':
    case 'unpaused':
      return { account: event.account };
    case 'safe_owner_added':
    case 'safe_owner_removed':
      return { owner: event.owner, threshold: event.safeThreshold, owners: event.safeOwners?.length ?? null };
    case 'safe_threshold_changed':
      return { threshold: Number(event.threshold), previousThreshold: event.previousSafeThreshold, owners: event.safeOwners?.length ?? null };
    case 'safe_module_enabled':
    case 'safe_module_disabled':
      return { module: event.module };
    case 'safe_guard_changed':
      return { guard: event.guard };
    case 'timelock_min_delay_changed':
      return { oldDelay: Number(event.oldDelay), newDelay: Number(event.newDelay) };
    case 'timelock_delay_changed':
      // Compound's NewDelay names only the new delay; the one before is what the engine had stored.
      return { oldDelay: facts?.timelockPreviousDelaySeconds ?? null, newDelay: Number(event.newDelay) };
    case 'upgraded':
    case 'beacon_upgraded':
    case 'diamond_cut':
    case 'proposal_created':
    case 'vote_cast':
    case 'proposal_queued':
    case 'proposal_executed':
    case 'proposal_canceled':
    case 'timelock_call_scheduled':
    case 'timelock_call_executed':
    case 'timelock_cancelled':
    case 'timelock_tx_queued':
    case 'timelock_tx_executed':
    case 'timelock_tx_cancelled':
    case 'safe_execution_success':
    case 'safe_execution_failure':
      return {};
  }
}
