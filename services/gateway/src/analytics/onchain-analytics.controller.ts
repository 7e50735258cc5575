import { TOPICS, mevType } from '@pum/contracts';
import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Page } from '../http/page-cursor';
import { Cached } from '../http/response-cache';
import { ZodPipe } from '../http/zod-query.pipe';
import { OnchainAnalyticsService } from './onchain-analytics.service';
import type { MevDetectionView, SmartMoneyRankingView, WalletProfileView } from './onchain-analytics.views';

const addressParam = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte hex address')
  .transform((value) => value.toLowerCase());
const blockParam = z.coerce.number().int().min(0);
const page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(1000).optional(),
};

export const mevQuery = z
  .object({
    chainId: z.coerce.number().int().positive().optional(),
    fromBlock: blockParam.optional(),
    toBlock: blockParam.optional(),
    type: mevType.optional(),
    attacker: addressParam.optional(),
    pool: addressParam.optional(),
    ...page,
  })
  .strict();

export const smartMoneyQuery = z
  .object({
    protocolId: z.string().max(200).regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a registry protocol id (lower-case slug)').optional(),
    token: addressParam.optional(),
    chainId: z.coerce.number().int().positive().optional(),
    ...page,
  })
  .strict();

/**
 * `/analytics/mev` and `/analytics/smart-money` of the on-chain services specification, from the read models of
 * `analytics.mev.v1` and `analytics.smart-money.v1` (documented in openapi.yaml).
 */
@Controller('api/v1/analytics')
export class OnchainAnalyticsController {
  constructor(private readonly analytics: OnchainAnalyticsService) {}

  /** Standing MEV detections (a withdrawn one is gone), newest block first. */
  @Get('mev')
  @Cached(TOPICS.mevDetections)
  mev(@Query(new ZodPipe(mevQuery)) query: z.infer<typeof mevQuery>): Promise<Page<MevDetectionView>> {
    const { limit, cursor, ...filter } = query;
    return this.analytics.detections(filter, limit, cursor);
  }

  /** The latest ranking of each token or registry protocol (one of them, or all), most recent first. */
  @Get('smart-money')
  @Cached(TOPICS.smartMoney)
  smartMoney(@Query(new ZodPipe(smartMoneyQuery)) query: z.infer<typeof smartMoneyQuery>): Promise<Page<SmartMoneyRankingView>> {
    const { limit, cursor, protocolId, token, chainId } = query;
    if (protocolId !== undefined && token !== undefined) throw new BadRequestException('give protocolId or token, not both');
    const subject = protocolId !== undefined ? { scope: 'protocol' as const, subject: protocolId } : token !== undefined ? { scope: 'token' as const, subject: token } : {};
    return this.analytics.rankings({ chainId, ...subject }, limit, cursor);
  }

  @Get('smart-money/:address')
  @Cached(TOPICS.smartMoney)
  wallet(@Param('address', new ZodPipe(addressParam)) address: string): Promise<WalletProfileView> {
    return this.analytics.profile(address);
  }
}
