import { TOPICS, chainLogId, protocolEventMessageId, type ChainLog, type MessageOf, type ProtocolEvent, type UpgradedEvent } from '@pum/contracts';
import { EventPublisher } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { getAddress, keccak256, parseAbi, size, sliceHex, zeroAddress, type Address, type Hex, type PublicClient } from 'viem';
import { CHAIN_CLIENT } from '../chain-client';
import { decodeCatalogueLog, type DecodedCatalogueEvent } from '../catalogue';
import { ProtocolRegistryService } from '../registry/protocol-registry.service';
import { BEACON_SLOT, IMPLEMENTATION_SLOT } from './eip1967';

export const SOURCE = 'ingest-chain';

const beaconAbi = parseAbi(['function implementation() view returns (address)']);

/** The fields every protocol event has, whatever its kind. */
type Common = Pick<UpgradedEvent, 'eventId' | 'status' | 'chainId' | 'contract' | 'blockNumber' | 'blockHash' | 'transactionHash' | 'logIndex' | 'protocolId'>;

/**
 * Turns raw logs of upgrade events into normalised protocol events, enriched with state read at the
 * event's block: what was in the EIP-1967 slot before it, and the code of what it now points to.
 * A log with a catalogue topic that does not decode is dead-lettered (UndecodableLogError).
 */
@Injectable()
export class UpgradeDecoder {
  constructor(
    @Inject(CHAIN_CLIENT) private readonly client: PublicClient,
    private readonly publisher: EventPublisher,
    private readonly registry: ProtocolRegistryService,
  ) {}

  async decode(message: MessageOf<'chain.logs.raw.v1'>): Promise<void> {
    const log = message.payload;
    const decoded = decodeCatalogueLog({ address: log.address, topics: log.topics as Hex[], data: log.data as Hex });
    if (!decoded) return; // not in the catalogue
    const status = log.removed ? 'retracted' : log.status;
    const common = {
      eventId: chainLogId(log),
      status,
      chainId: log.chainId,
      contract: log.address,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
      transactionHash: log.transactionHash,
      logIndex: log.logIndex,
      protocolId: this.registry.protocolOf(log.chainId, log.address),
    } satisfies Common;
    // A retracted log's block is gone: its state is not read again (the read model keeps what it had).
    const event = await this.normalise(decoded, common, log, status !== 'retracted');
    if (!event) return; // a catalogue event that is not published as a protocol event yet
    await this.publisher.publish(TOPICS.protocolEvents, [
      {
        key: `${log.chainId}:${log.address}`,
        value: {
          version: 1,
          type: 'protocol.event',
          id: protocolEventMessageId(event),
          occurredAt: message.occurredAt,
          producedAt: new Date().toISOString(),
          source: SOURCE,
          payload: event,
        },
      },
    ]);
  }

  private async normalise(decoded: DecodedCatalogueEvent, common: Common, log: ChainLog, read: boolean): Promise<ProtocolEvent | undefined> {
    // Only the upgrade events are published as protocol events so far; the rest of the catalogue follows.
    if (!isUpgradeEvent(decoded)) return undefined;
    const block = BigInt(log.blockNumber);
    switch (decoded.kind) {
      case 'upgraded': {
        const [previous, code] = read ? await Promise.all([this.implementationBefore(log.address, block), this.code(decoded.newImplementation, block)]) : [null, undefined];
        return {
          ...common,
          kind: 'upgraded',
          previousImplementation: previous,
          newImplementation: decoded.newImplementation,
          newImplementationCodeSize: read ? codeSize(code) : null,
          newImplementationCodeHash: code && size(code) > 0 ? keccak256(code) : null,
        };
      }
      case 'admin_changed':
        return {
          ...common,
          kind: 'admin_changed',
          previousAdmin: nonZero(decoded.previousAdmin),
          newAdmin: lower(decoded.newAdmin),
          newAdminCodeSize: read ? codeSize(await this.code(decoded.newAdmin, block)) : null,
        };
      case 'beacon_upgraded': {
        const [previousBeacon, implementation] = read ? await Promise.all([this.slotBefore(log.address, BEACON_SLOT, block), this.beaconImplementation(decoded.newBeacon, block)]) : [null, null];
        return {
          ...common,
          kind: 'beacon_upgraded',
          previousBeacon,
          newBeacon: lower(decoded.newBeacon),
          newImplementation: implementation,
          newImplementationCodeSize: implementation && read ? codeSize(await this.code(implementation, block)) : null,
        };
      }
      case 'diamond_cut':
        return {
          ...common,
          kind: 'diamond_cut',
          facetCuts: decoded.facetCuts.map((cut) => ({ ...cut, facetAddress: lower(cut.facetAddress) })),
          init: nonZero(decoded.init),
          initCalldata: decoded.initCalldata,
        };
    }
  }

  /**
   * The implementation before the block: the EIP-1967 slot of a proxy, or else `implementation()`
   * of a beacon (UpgradeableBeacon keeps it in ordinary storage and emits the same `Upgraded`).
   */
  private async implementationBefore(emitter: Address, block: bigint): Promise<Address | null> {
    const fromSlot = await this.slotBefore(emitter, IMPLEMENTATION_SLOT, block);
    if (fromSlot !== null || block === 0n) return fromSlot;
    return this.beaconImplementation(emitter, block - 1n);
  }

  /** The address in an EIP-1967 slot at the end of the block before; null when empty. */
  private async slotBefore(proxy: Address, slot: Hex, block: bigint): Promise<Address | null> {
    if (block === 0n) return null;
    const value = await this.client.getStorageAt({ address: proxy, slot, blockNumber: block - 1n });
    return value && BigInt(value) !== 0n ? lower(getAddress(sliceHex(value, 12))) : null;
  }

  private async code(address: Address, block: bigint): Promise<Hex | undefined> {
    return this.client.getCode({ address, blockNumber: block });
  }

  /** `implementation()` of a beacon at a block; null when it has none or does not answer (not a beacon). */
  private async beaconImplementation(beacon: Address, block: bigint): Promise<Address | null> {
    try {
      return lower(await this.client.readContract({ address: beacon, abi: beaconAbi, functionName: 'implementation', blockNumber: block }));
    } catch {
      return null;
    }
  }
}

type UpgradeCatalogueEvent = Extract<DecodedCatalogueEvent, { kind: 'upgraded' | 'admin_changed' | 'beacon_upgraded' | 'diamond_cut' }>;

function isUpgradeEvent(event: DecodedCatalogueEvent): event is UpgradeCatalogueEvent {
  return event.kind === 'upgraded' || event.kind === 'admin_changed' || event.kind === 'beacon_upgraded' || event.kind === 'diamond_cut';
}

function codeSize(code: Hex | undefined): number {
  return code ? size(code) : 0;
}

function lower(address: Address): Address {
  return address.toLowerCase() as Address;
}

function nonZero(address: Address): Address | null {
  return address.toLowerCase() === zeroAddress ? null : lower(address);
}
