import type { ProtocolRegistry } from '@pum/contracts';

/** A registry protocol's governance venues. */
export interface GovernanceVenues {
  protocolId: string;
  snapshotSpace?: string;
  forumUrl?: string;
  /** On-chain Governor contracts (`role: governor`). */
  governors: { chainId: number; address: string }[];
}

/**
 * The governance view of the protocol registry (config/protocols.yaml): which Snapshot space, forum
 * and Governors belong to which protocol.
 *
 * @example new GovernanceRegistry(await readProtocolRegistryFile(file)).protocolOfSpace('aave.eth') // 'aave'
 */
export class GovernanceRegistry {
  readonly venues: GovernanceVenues[];

  constructor(registry: ProtocolRegistry) {
    this.venues = registry.protocols.map((protocol) => ({
      protocolId: protocol.id,
      snapshotSpace: protocol.snapshotSpace,
      forumUrl: protocol.forumUrl?.replace(/\/+$/, ''),
      governors: protocol.contracts.filter((contract) => contract.role === 'governor').map(({ chainId, address }) => ({ chainId, address })),
    }));
  }

  get snapshotSpaces(): string[] {
    return this.venues.flatMap((venue) => (venue.snapshotSpace ? [venue.snapshotSpace] : []));
  }

  get forums(): { protocolId: string; forumUrl: string }[] {
    return this.venues.flatMap((venue) => (venue.forumUrl ? [{ protocolId: venue.protocolId, forumUrl: venue.forumUrl }] : []));
  }

  protocolOfSpace(space: string): string | null {
    return this.venues.find((venue) => venue.snapshotSpace === space)?.protocolId ?? null;
  }
}
