import { Controller, Get } from '@nestjs/common';
import { NetworkStatusService } from './network-status.service';
import type { NetworkView } from './network.views';

/** REST read API of the networks and their ingestion status (documented in openapi.yaml). */
@Controller('api/v1/networks')
export class NetworksController {
  constructor(private readonly statuses: NetworkStatusService) {}

  @Get()
  async list(): Promise<{ items: NetworkView[] }> {
    return { items: await this.statuses.list() };
  }
}
