import { TOPICS, type MessageOf } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { NetworkDirectory } from './network-directory';
import { NetworkStatusRepository } from './network-status.repository';
import { networkView, type NetworkView } from './network.views';

/** A network named in a path: its name, or its chain id (digits only). */
export type NetworkRef = { name: string } | { chainId: number };

/**
 * Keeps the latest status of each network and pushes it to the `system` channel when it says something new (a
 * status that only repeats the last one at a later time is stored, not pushed); serves the networks with their status.
 */
@Injectable()
export class NetworkStatusService {
  constructor(
    private readonly repository: NetworkStatusRepository,
    private readonly directory: NetworkDirectory,
    private readonly realtime: RealtimeGateway,
  ) {}

  async apply(message: MessageOf<'system.networks.v1'>): Promise<void> {
    const stored = await this.repository.upsert(message);
    if (stored?.changed) this.realtime.push(TOPICS.networkStatus, message);
  }

  /** The networks of the networks file and any other that reported a status, by chain id. */
  async list(now = Date.now()): Promise<NetworkView[]> {
    const statuses = new Map((await this.repository.all()).map((status) => [status.chainId, status]));
    const chainIds = [...new Set([...this.directory.networks.map((network) => network.chainId), ...statuses.keys()])].sort((a, b) => a - b);
    return chainIds.map((chainId) => networkView(this.directory.find({ chainId }), statuses.get(chainId), now));
  }

  /** The network a path names, by name or chain id; 404 for one neither configured nor reporting. */
  async resolve(ref: NetworkRef): Promise<NetworkView> {
    const found = (await this.list()).find((network) => ('name' in ref ? network.name === ref.name : network.chainId === ref.chainId));
    if (!found) throw new NotFoundException(`no network ${'name' in ref ? ref.name : `with chain id ${ref.chainId}`}; see /api/v1/networks`);
    return found;
  }
}
