/**
 * A log names a block that is not among the blocks the node returned for its range (a lagging or
 * load-balanced endpoint answering from two views of the chain). Retryable: the poll fails and the
 * next one asks again — a log is never published with a made-up block time.
 */
export class MissingBlockError extends Error {
  readonly retryable = true;

  constructor(
    readonly chainId: number,
    readonly blockHash: string,
  ) {
    super(`chain ${chainId}: block ${blockHash} of a log was not returned by the node`);
    this.name = 'MissingBlockError';
  }
}
