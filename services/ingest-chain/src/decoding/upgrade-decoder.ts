import { TOPICS, chainLogId, protocolEventMessageId, type MessageOf, type UpgradedEvent } from '@pum/contracts';
import { EventPublisher, PermanentMessageError } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { decodeEventLog, getAddress, keccak256, size, sliceHex, type Hex, type PublicClient } from 'viem';
import { CHAIN_CLIENT } from '../chain-client';
import { ProtocolRegistryService } from '../registry/protocol-registry.service';
import { IMPLEMENTATION_SLOT, UPGRADED_TOPIC, upgradedEvent } from './eip1967';

export const SOURCE = 'ingest-chain';

/**
 * Turns raw logs into normalised protocol events, enriched with state read at the event's block:
 * the implementation in the EIP-1967 slot before the block, and the new implementation's code.
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
    if (log.topics[0] !== UPGRADED_TOPIC) return; // not (yet) in the event catalogue
    const newImplementation = this.implementationOf(log.topics as Hex[], log.data as Hex);
    const status = log.removed ? 'retracted' : log.status;
    // A retracted log's block is gone: its state is not read again (the read model keeps what it had).
    const enrichment = status === 'retracted' ? { previous: null, code: undefined, codeSize: null } : await this.enrich(log.address, newImplementation, BigInt(log.blockNumber));
    const { previous, code, codeSize } = enrichment;
    const event: UpgradedEvent = {
      kind: 'upgraded',
      eventId: chainLogId(log),
      status,
      chainId: log.chainId,
      contract: log.address,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
      transactionHash: log.transactionHash,
      logIndex: log.logIndex,
      protocolId: this.registry.protocolOf(log.chainId, log.address),
      previousImplementation: previous ? (previous.toLowerCase() as `0x${string}`) : null,
      newImplementation: newImplementation.toLowerCase() as `0x${string}`,
      newImplementationCodeSize: codeSize,
      newImplementationCodeHash: code && codeSize ? keccak256(code) : null,
    };
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

  /** State at the event's block: the implementation before it, and the new implementation's code. */
  private async enrich(proxy: Hex, newImplementation: Hex, block: bigint) {
    const [previousSlot, code] = await Promise.all([
      block > 0n ? this.client.getStorageAt({ address: proxy, slot: IMPLEMENTATION_SLOT, blockNumber: block - 1n }) : undefined,
      this.client.getCode({ address: newImplementation, blockNumber: block }),
    ]);
    const previous = previousSlot && BigInt(previousSlot) !== 0n ? getAddress(sliceHex(previousSlot, 12)) : null;
    return { previous, code, codeSize: code ? size(code) : 0 };
  }

  private implementationOf(topics: Hex[], data: Hex): Hex {
    try {
      const decoded = decodeEventLog({ abi: [upgradedEvent], topics: topics as [Hex, ...Hex[]], data, strict: true });
      return getAddress(decoded.args.implementation);
    } catch (error) {
      throw new PermanentMessageError(`log has the Upgraded topic but does not decode as EIP-1967 Upgraded`, { cause: error });
    }
  }
}
