/** The message can never succeed (bad content, broken invariant): dead-letter it at once, no retries. */
export class PermanentMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentMessageError';
  }
}

/** A producer was handed a message that does not match its topic's schema: a bug in the producer. */
export class ContractViolationError extends Error {
  constructor(
    readonly topic: string,
    readonly issues: string[],
  ) {
    super(`message for ${topic} does not match its schema: ${issues.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

/** The consumer stopped while a message waited for a dependency: not committed, so the next consumer gets it again. */
export class ConsumerStoppingError extends Error {
  constructor(topic: string, offset: string, options?: { cause?: unknown }) {
    super(`consumer stopping: ${topic}@${offset} left uncommitted for redelivery`, options);
    this.name = 'ConsumerStoppingError';
  }
}
