import { Injectable } from '@nestjs/common';
import { ChainClients } from '@pum/evm';
import { readTransactionFacts, type TransactionFacts } from './transaction-facts';

/** Reads what an event's transaction did (its receipt and sender) on the event's chain. */
@Injectable()
export class TransactionFactsService {
  constructor(private readonly chains: ChainClients) {}

  /**
   * The joins of the transaction that emitted `event`; UnknownChainError for a chain with no endpoints.
   *
   * @example (await facts.of(event)).proposalsQueued[0]?.eta
   */
  of(event: { chainId: number; transactionHash: string }): Promise<TransactionFacts> {
    return readTransactionFacts(this.chains.of(event.chainId), event.transactionHash);
  }
}
