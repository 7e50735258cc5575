import type { ChainClients } from '@pum/evm';
import { GovernorReader } from './governor-reader';

/**
 * The Governor reader of each chain, over that chain's client from @pum/evm; made on first use and
 * kept, since a reader caches each governor's clock and token decimals.
 */
export class GovernorReaders {
  private readonly readers = new Map<number, GovernorReader>();

  constructor(private readonly chains: ChainClients) {}

  /** The reader of a chain; UnknownChainError (dead-lettered) for a chain without endpoints here. */
  of(chainId: number): GovernorReader {
    let reader = this.readers.get(chainId);
    if (!reader) {
      reader = new GovernorReader(this.chains.of(chainId));
      this.readers.set(chainId, reader);
    }
    return reader;
  }
}
