import { TOPICS } from '@pum/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../http/zod-query.pipe';

export const onchainAnalyticsQuery = z
  .object({
    protocolId: z.string().max(200).regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a registry protocol id (lower-case slug)').optional(),
    chainId: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

/** An analytics list whose source topic the gateway does not read yet. */
export interface PendingAnalyticsPage {
  items: never[];
  nextCursor: null;
  /** False until the gateway keeps a read model of `source`. */
  available: false;
  source: string;
}

/**
 * `/analytics/mev` and `/analytics/smart-money` of the on-chain services specification. They answer from read models
 * of `analytics.mev.v1` and `analytics.smart-money.v1` once the gateway consumes those topics (issue #14); until then
 * an empty list that says so, with the parameters already validated (documented in openapi.yaml).
 */
@Controller('api/v1/analytics')
export class OnchainAnalyticsController {
  @Get('mev')
  mev(@Query(new ZodPipe(onchainAnalyticsQuery)) _query: z.infer<typeof onchainAnalyticsQuery>): PendingAnalyticsPage {
    return { items: [], nextCursor: null, available: false, source: TOPICS.mevDetections };
  }

  @Get('smart-money')
  smartMoney(@Query(new ZodPipe(onchainAnalyticsQuery)) _query: z.infer<typeof onchainAnalyticsQuery>): PendingAnalyticsPage {
    return { items: [], nextCursor: null, available: false, source: TOPICS.smartMoney };
  }
}
