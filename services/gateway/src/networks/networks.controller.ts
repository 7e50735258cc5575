import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../http/zod-query.pipe';
import { NetworkStatusService } from './network-status.service';
import type { NetworkView } from './network.views';

/** No parameters: an unknown one is refused like everywhere else. */
export const listQuery = z.object({}).strict();

/** REST read API of the networks and their ingestion status (documented in openapi.yaml). */
@Controller('api/v1/networks')
export class NetworksController {
  constructor(private readonly statuses: NetworkStatusService) {}

  @Get()
  async list(@Query(new ZodPipe(listQuery)) _query: z.infer<typeof listQuery>): Promise<{ items: NetworkView[] }> {
    return { items: await this.statuses.list() };
  }
}
