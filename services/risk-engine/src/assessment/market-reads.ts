import { Inject, Injectable } from '@nestjs/common';
import { ChainPoolReader } from '../guidance/pool-reader';
import { RiskStateRepository } from '../inputs/risk-state.repository';
import type { ObservedReadings, PoolDepth, ReferenceFit } from './inputs';
import { poolDepthOf } from './pool-depth';
import { referenceFitOf } from './reference-fit';

/** DI token of the {@link MarketReadSettings}. */
export const MARKET_READ_SETTINGS = Symbol('MARKET_READ_SETTINGS');

export interface MarketReadSettings {
  marketStep: number;
  marketWindowSeconds: number;
  /** RISK_HEDGE_ASSET; null: no reference fit. */
  referenceAssetId: string | null;
  referenceBarSeconds: number;
  referenceMinObservations: number;
  /** The size sold for pool depth: RISK_GUIDANCE_POSITION_USD, else the largest RISK_GUIDANCE_TRADE_SIZES_USD. */
  depthSizeUsd: number;
  /** The grading's impact thresholds (bps), kept on the impact grid. */
  impactThresholdsBps: readonly number[];
}

/** What the market and liquidity components read live, and what was seen. */
export interface MarketReading {
  reference: ReferenceFit | null;
  poolDepth: PoolDepth | null;
  observed: ObservedReadings;
}

/**
 * The live-read market figures of a protocol: its price's fit on the reference asset (stored ticks) and the depth
 * of its registry pools (read from the chain by ChainPoolReader, whose failed reads throw for the consumer's
 * retries). The pools as read travel in `observed`, so the guidance step quotes the same state.
 *
 * @example await reads.of('demo-dao') // { reference: { beta: 1.5, … }, poolDepth: { impactBps: 50, … }, observed }
 */
@Injectable()
export class MarketReads {
  constructor(
    private readonly state: RiskStateRepository,
    private readonly pools: ChainPoolReader,
    @Inject(MARKET_READ_SETTINGS) private readonly settings: MarketReadSettings,
  ) {}

  async of(protocolId: string | null): Promise<MarketReading> {
    if (protocolId === null) return { reference: null, poolDepth: null, observed: { reference: null, poolDepth: null, pools: [] } };
    const reference = await this.referenceOf(protocolId);
    const pools = this.pools.listsPools(protocolId) ? await this.pools.poolsOf(protocolId) : [];
    const depth = poolDepthOf(pools, this.settings.depthSizeUsd, this.settings.impactThresholdsBps);
    return { reference: reference?.fit ?? null, poolDepth: depth?.depth ?? null, observed: { reference: reference?.observed ?? null, poolDepth: depth?.observed ?? null, pools } };
  }

  private async referenceOf(protocolId: string): Promise<ReturnType<typeof referenceFitOf>> {
    const { referenceAssetId: assetId, marketWindowSeconds: windowSeconds } = this.settings;
    if (assetId === null) return null;
    const prices = await this.state.marketWindow(protocolId, 'price', windowSeconds);
    if (prices.length === 0) return null;
    const reference = await this.state.referenceWindow(assetId, windowSeconds);
    return referenceFitOf(prices, reference, { assetId, barSeconds: this.settings.referenceBarSeconds, windowSeconds, minObservations: this.settings.referenceMinObservations, step: this.settings.marketStep });
  }
}
