import { ChainClients } from '@pum/evm';
import { JsonLogger, readProtocolRegistryFile, serviceRuntime } from '@pum/platform';
import { parseModel } from '@pum/risk-model';
import { Module, type DynamicModule } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { AssessmentService, ENGINE_RULES_VERSION, ENGINE_SETTINGS, RISK_MODEL, type EngineSettings } from './assessment/assessment.service';
import { AssessmentsRepository } from './assessment/assessments.repository';
import { BYTECODE_FACTS } from './assessment/bytecode-facts';
import { ChainBytecodeFacts } from './assessment/chain-bytecode-facts';
import { ChainContractDeployments, HISTORICAL_CHAIN_CLIENTS } from './assessment/contract-deployments';
import { MARKET_READ_SETTINGS, MarketReads, type MarketReadSettings } from './assessment/market-reads';
import { GUIDANCE_STEP } from './assessment/guidance-step';
import type { RiskEngineConfig } from './config';
import { ContractDeploymentsRepository } from './inputs/contract-deployments.repository';
import { LifecycleHistoryRepository } from './inputs/lifecycle-history.repository';
import { RiskInputsService } from './inputs/risk-inputs.service';
import { RiskStateRepository } from './inputs/risk-state.repository';
import { CreateRiskState1765000000000 } from './migrations/1765000000000-create-risk-state';
import { AddLifecycleOrigin1765100000000 } from './migrations/1765100000000-add-lifecycle-origin';
import { ExecutionGuidance } from './guidance/execution-guidance';
import { GuidanceMetrics } from './guidance/guidance-metrics';
import { GuidanceRepository } from './guidance/guidance.repository';
import { GUIDANCE_SETTINGS, guidanceSettings } from './guidance/guidance-settings';
import { ChainPoolReader, REGISTRY_POOLS, registryPools } from './guidance/pool-reader';
import { CreateGuidance1765200000000 } from './migrations/1765200000000-create-guidance';
import { CreateContractDeployments1765300000000 } from './migrations/1765300000000-create-contract-deployments';
import { RiskConsumer } from './risk.consumer';
import { RAPID_WINDOW_SECONDS, RiskService } from './risk.service';
import { REDIS_KEY_PREFIX, UpgradeHistoryRepository } from './upgrade-history.repository';

export const SERVICE_NAME = 'risk-engine';

export function engineSettings(config: RiskEngineConfig): EngineSettings {
  return {
    weights: { technical: config.RISK_WEIGHT_TECHNICAL, governance: config.RISK_WEIGHT_GOVERNANCE, market: config.RISK_WEIGHT_MARKET, liquidity: config.RISK_WEIGHT_LIQUIDITY },
    modelWeight: config.RISK_MODEL_WEIGHT,
    delayLoweredWindowSeconds: config.RISK_DELAY_LOWERED_WINDOW_SECONDS,
    fastExecutionSeconds: config.RISK_FAST_EXECUTION_SECONDS,
    poolImpactBps: { elevated: config.RISK_GUIDANCE_IMPACT_ELEVATED_BPS, severe: config.RISK_GUIDANCE_IMPACT_SEVERE_BPS },
    marketStep: config.RISK_MARKET_STEP,
    marketWindowSeconds: config.RISK_MARKET_WINDOW_SECONDS,
    rapidWindowSeconds: config.RISK_RAPID_UPGRADE_WINDOW_SECONDS,
    rulesVersion: ENGINE_RULES_VERSION,
  };
}

/** What the market and liquidity components read live: the reference fit and the pools' depth (docs/risk-rules.md). */
export function marketReadSettings(config: RiskEngineConfig): MarketReadSettings {
  return {
    marketStep: config.RISK_MARKET_STEP,
    marketWindowSeconds: config.RISK_MARKET_WINDOW_SECONDS,
    referenceAssetId: config.RISK_HEDGE_ASSET ?? null,
    referenceBarSeconds: config.RISK_HEDGE_BAR_SECONDS,
    referenceMinObservations: config.RISK_HEDGE_MIN_OBSERVATIONS,
    depthSizeUsd: config.RISK_GUIDANCE_POSITION_USD ?? Math.max(...config.RISK_GUIDANCE_TRADE_SIZES_USD),
    impactThresholdsBps: [config.RISK_GUIDANCE_IMPACT_ELEVATED_BPS, config.RISK_GUIDANCE_IMPACT_SEVERE_BPS],
  };
}

/**
 * Assesses every upgrade lifecycle before it executes, and every control-plane event, from the inputs
 * it keeps in its own schema; also the per-event upgrade assessments of the first rule set.
 * The bytecode facts come from the chain (ChainBytecodeFacts); execution guidance (ExecutionGuidance, guidance.v1)
 * is issued with every assessment version of a lifecycle whose protocol has a market, at GUIDANCE_STEP.
 */
@Module({})
export class AppModule {
  static register(config: RiskEngineConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceRuntime(config, { service: SERVICE_NAME, logger, postgres: { entities: [], migrations: [CreateRiskState1765000000000, AddLifecycleOrigin1765100000000, CreateGuidance1765200000000, CreateContractDeployments1765300000000], poolSize: 5 } }),
      ],
      providers: [
        { provide: JsonLogger, useValue: logger },
        { provide: REDIS_KEY_PREFIX, useValue: config.REDIS_KEY_PREFIX },
        { provide: RAPID_WINDOW_SECONDS, useValue: config.RISK_RAPID_UPGRADE_WINDOW_SECONDS },
        { provide: ENGINE_SETTINGS, useValue: engineSettings(config) },
        { provide: RISK_MODEL, useFactory: async () => parseModel(JSON.parse(await readFile(config.RISK_MODEL_FILE, 'utf8'))) },
        // A few reads per assessment: plain failover in weight order, retried by the one RPC policy.
        { provide: ChainClients, useFactory: () => new ChainClients(config.chains, { transport: { selection: 'priority', timeoutMs: 10_000 } }) },
        { provide: BYTECODE_FACTS, useClass: ChainBytecodeFacts },
        // Contract ages: historical eth_getCode on pools of their own, so a node without old state opens only their circuits.
        { provide: HISTORICAL_CHAIN_CLIENTS, useFactory: () => new ChainClients(config.chains, { transport: { selection: 'priority', timeoutMs: 10_000 } }) },
        ContractDeploymentsRepository,
        ChainContractDeployments,
        { provide: MARKET_READ_SETTINGS, useValue: marketReadSettings(config) },
        MarketReads,
        // Execution guidance (guidance.v1): the registry's pools of the assessed protocol, read on the same chains.
        { provide: GUIDANCE_SETTINGS, useValue: guidanceSettings(config) },
        { provide: REGISTRY_POOLS, useFactory: async () => registryPools(await readProtocolRegistryFile(config.PROTOCOL_REGISTRY_FILE)) },
        ChainPoolReader,
        GuidanceRepository,
        GuidanceMetrics,
        { provide: GUIDANCE_STEP, useClass: ExecutionGuidance },
        UpgradeHistoryRepository,
        RiskStateRepository,
        LifecycleHistoryRepository,
        AssessmentsRepository,
        RiskService,
        AssessmentService,
        RiskInputsService,
        RiskConsumer,
      ],
    };
  }
}
