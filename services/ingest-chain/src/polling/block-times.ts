import { MissingBlockError } from './missing-block-error';

/**
 * Timestamps of a range's blocks by hash, to stamp its logs with. Asking for a block it lacks throws
 * {@link MissingBlockError}: a log without its block's time is not published.
 *
 * @example
 * const times = new BlockTimes(1);
 * times.set(block.hash, Number(block.timestamp));
 * times.of(log.blockHash); // block.timestamp, or MissingBlockError
 */
export class BlockTimes {
  private readonly byHash = new Map<string, number>();

  constructor(private readonly chainId: number) {}

  set(blockHash: string, timestamp: number): void {
    this.byHash.set(blockHash, timestamp);
  }

  has(blockHash: string): boolean {
    return this.byHash.has(blockHash);
  }

  /** Unix seconds of the block. */
  of(blockHash: string): number {
    const timestamp = this.byHash.get(blockHash);
    if (timestamp === undefined) throw new MissingBlockError(this.chainId, blockHash);
    return timestamp;
  }
}
