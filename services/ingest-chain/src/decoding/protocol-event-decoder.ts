import { TOPICS, chainLogId, protocolEventMessageId, type MessageOf } from '@pum/contracts';
import { EventPublisher } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import type { Hex } from 'viem';
import { ChainClients } from '@pum/evm';
import { decodeCatalogueLog } from '../catalogue';
import { ProtocolRegistryService } from '../registry/protocol-registry.service';
import { normaliseEvent, type EventCommon } from './normalise-event';
import { StateReader } from './state-reader';

/**
 * Turns raw catalogue logs into normalised protocol events, enriched with state read at the
 * event's block through that chain's client (see normaliseEvent), and publishes them to
 * `protocol.events.v1`. A log of a chain not configured here is dead-lettered (UnknownChainError).
 * A log with a catalogue topic that does not decode is dead-lettered (UndecodableLogError).
 */
@Injectable()
export class ProtocolEventDecoder {
  private readonly readers = new Map<number, StateReader>();

  constructor(
    private readonly clients: ChainClients,
    private readonly publisher: EventPublisher,
    private readonly registry: ProtocolRegistryService,
  ) {}

  async decode(message: MessageOf<'chain.logs.raw.v1'>): Promise<void> {
    const log = message.payload;
    const reader = this.readerOf(log.chainId); // state is read through the log's own chain
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
    } satisfies EventCommon;
    // A retracted log's block is gone: its state is not read again (the read model keeps what it had).
    const event = await normaliseEvent(decoded, common, log, status === 'retracted' ? null : reader);
    await this.publisher.publish(TOPICS.protocolEvents, [
      { key: `${log.chainId}:${log.address}`, id: protocolEventMessageId(event), occurredAt: message.occurredAt, payload: event },
    ]);
  }

  private readerOf(chainId: number): StateReader {
    let reader = this.readers.get(chainId);
    if (!reader) {
      reader = new StateReader(this.clients.of(chainId));
      this.readers.set(chainId, reader);
    }
    return reader;
  }
}
