import { PermanentMessageError } from '@pum/platform';

/**
 * A log whose topic0 is in the catalogue but which decodes under none of that event's layouts
 * (wrong topic count, short or garbled data, out-of-range enum): a look-alike event from some other
 * contract, or a broken one. Re-reading it will not help — dead-letter it, do not retry.
 */
export class UndecodableLogError extends PermanentMessageError {
  constructor(
    readonly topic0: string,
    readonly eventSignatures: readonly string[],
    readonly reasons: readonly string[],
  ) {
    super(`log with topic0 ${topic0} (${eventSignatures.join(' | ')}) does not decode: ${reasons.join('; ')}`);
    this.name = 'UndecodableLogError';
  }
}
