import { eventStatus, TOPICS, upgradeStage, type EventStatus, type UpgradeStage } from '@pum/contracts';
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { RiskHistoryService } from '../assessments/risk-history.service';
import type { UpgradeRiskView } from '../assessments/risk-history.views';
import { GuidanceService } from '../guidance/guidance.service';
import type { GuidanceView } from '../guidance/guidance.views';
import { Cached } from '../http/response-cache';
import { instantParam } from '../http/list-param';
import { ZodPipe } from '../http/zod-query.pipe';
import { ForecastsService } from '../forecasts/forecasts.service';
import type { ForecastView } from '../forecasts/forecast.views';
import { LIVE_STATUSES } from '../events/event-catalogue';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { NetworkDirectory } from '../networks/network-directory';
import { UpgradesService, type UpgradePage } from './upgrades.service';
import type { UpgradeView } from './upgrade.views';

export const listQuery = z
  .object({
    chainId: z.coerce.number().int().positive().optional(),
    contract: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte hex address')
      .transform((value) => value.toLowerCase())
      .optional(),
    protocolId: z.string().min(1).max(200).optional(),
    status: eventStatus.optional(),
    /**
     * The lifecycle stage. Every upgrade event is an execution, so `executed` lists the executions still on the canonical
     * chain (pending or confirmed) and `retracted` those reorged away; an earlier stage has no execution yet and answers
     * 400 naming `/upgrades/active` and `/lifecycle?stage=…`, which list upgrades before they execute.
     */
    stage: upgradeStage.optional(),
    /** A network of the networks file, by name (`ethereum`) or chain id. */
    network: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a network name or chain id').max(100).optional(),
    minScore: z.coerce.number().int().min(0).max(100).optional(),
    maxScore: z.coerce.number().int().min(0).max(100).optional(),
    since: instantParam.optional(),
    until: instantParam.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict()
  .refine((query) => query.minScore === undefined || query.maxScore === undefined || query.minScore <= query.maxScore, { message: 'minScore must not exceed maxScore', path: ['minScore'] })
  .refine((query) => query.since === undefined || query.until === undefined || query.since < query.until, { message: 'since must be before until', path: ['since'] });

const upgradeId = z.string().regex(/^\d+:0x[0-9a-fA-F]{64}:\d+$/, 'expected an upgrade id chainId:txHash:logIndex');

/** REST read API of upgrades (documented in openapi.yaml). */
@Controller('api/v1/upgrades')
export class UpgradesController {
  constructor(
    private readonly upgrades: UpgradesService,
    private readonly risks: RiskHistoryService,
    private readonly guidance: GuidanceService,
    private readonly lifecycles: LifecycleService,
    private readonly forecasts: ForecastsService,
    private readonly networks: NetworkDirectory,
  ) {}

  @Get()
  @Cached(TOPICS.protocolEvents, TOPICS.riskAssessments)
  list(@Query(new ZodPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<UpgradePage> {
    const { limit, cursor, status, stage, network, ...filter } = query;
    const chainId = network === undefined ? filter.chainId : this.chainOf(network);
    if (network !== undefined && filter.chainId !== undefined && filter.chainId !== chainId) throw new BadRequestException(`network ${network} is not chain ${filter.chainId}`);
    const statuses = statusesOf(stage, status);
    return this.upgrades.list({ ...filter, chainId, statuses }, limit, cursor);
  }

  @Get(':id')
  get(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<UpgradeView> {
    return this.upgrades.get(id.toLowerCase());
  }

  /** The latest per-event assessment, with every assessment of the event and of the lifecycle it executed. */
  @Get(':id/risk')
  risk(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<UpgradeRiskView> {
    return this.risks.ofUpgrade(id.toLowerCase());
  }

  /** Execution guidance of the lifecycle this upgrade executed. */
  @Get(':id/guidance')
  guidanceOf(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<GuidanceView> {
    return this.guidance.ofExecution(id.toLowerCase());
  }

  /** Volatility forecasts of the window around this upgrade (its own id, and the lifecycle it executed). */
  @Get(':id/volatility')
  volatility(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<UpgradeForecasts> {
    return this.forecastsOf(id.toLowerCase(), 'volatility');
  }

  /** Liquidity forecasts of the window around this upgrade. */
  @Get(':id/liquidity')
  liquidity(@Param('id', new ZodPipe(upgradeId)) id: string): Promise<UpgradeForecasts> {
    return this.forecastsOf(id.toLowerCase(), 'liquidity');
  }

  private async forecastsOf(id: string, kind: 'volatility' | 'liquidity'): Promise<UpgradeForecasts> {
    await this.upgrades.get(id); // 404 for an unknown upgrade
    const lifecycle = await this.lifecycles.executedBy(id);
    const ids = lifecycle ? [id, lifecycle.upgradeId] : [id];
    const items = (await this.forecasts.ofUpgrade(ids)).filter((forecast) => forecast.kind === kind);
    return { upgradeId: id, lifecycleId: lifecycle?.upgradeId ?? null, kind, items };
  }

  private chainOf(network: string): number {
    const found = /^\d+$/.test(network) ? this.networks.find({ chainId: Number(network) }) : this.networks.find({ name: network });
    if (!found) throw new BadRequestException(`unknown network ${network}: not in the networks file`);
    return found.chainId;
  }
}

/** Block statuses matching a lifecycle stage and/or a status (an empty list when they exclude each other). */
function statusesOf(stage: UpgradeStage | undefined, status: EventStatus | undefined): EventStatus[] | undefined {
  if (stage === undefined) return status && [status];
  if (stage !== 'executed' && stage !== 'retracted') {
    throw new BadRequestException(`an upgrade at stage ${stage} has not executed: upgrade events are executions; list it at /api/v1/lifecycle?stage=${stage} (or /api/v1/upgrades/active for proposed … queued)`);
  }
  const ofStage: EventStatus[] = stage === 'executed' ? [...LIVE_STATUSES] : ['retracted'];
  return status === undefined ? ofStage : ofStage.filter((candidate) => candidate === status);
}

/** The event-window forecasts of one kind around an upgrade, latest per series and stage. */
export interface UpgradeForecasts {
  upgradeId: string;
  /** The lifecycle the upgrade executed, when known. */
  lifecycleId: string | null;
  kind: 'volatility' | 'liquidity';
  items: ForecastView[];
}
