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
