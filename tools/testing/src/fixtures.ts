import { protocolEventMessageId, type MessageOf, type UpgradedEvent } from '@pum/contracts';
import { randomBytes } from 'node:crypto';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;

/** A valid `protocol.events.v1` upgrade message with random hashes; override what the test is about. */
export function upgradedMessage(
  overrides: Partial<UpgradedEvent> = {},
  occurredAt = new Date().toISOString(),
): MessageOf<'protocol.events.v1'> & { payload: UpgradedEvent } {
  const transactionHash = overrides.transactionHash ?? hex(32);
  const chainId = overrides.chainId ?? 31337;
  const logIndex = overrides.logIndex ?? 0;
  const payload: UpgradedEvent = {
    kind: 'upgraded',
    standard: 'eip1967',
    eventId: `${chainId}:${transactionHash}:${logIndex}`,
    status: 'confirmed',
    chainId,
    contract: hex(20),
    blockNumber: '100',
    blockHash: hex(32),
    transactionHash,
    logIndex,
    protocolId: null,
    previousImplementation: hex(20),
    newImplementation: hex(20),
    newImplementationCodeSize: 2048,
    newImplementationCodeHash: hex(32),
    ...overrides,
  };
  return {
    version: 1,
    type: 'protocol.event',
    id: protocolEventMessageId(payload),
    occurredAt,
    producedAt: new Date().toISOString(),
    source: 'test',
    payload,
  };
}

/** A valid `risk.assessments.v1` message about the given upgrade message. */
export function assessmentOf(upgrade: MessageOf<'protocol.events.v1'>, score = 30): MessageOf<'risk.assessments.v1'> {
  const event = upgrade.payload;
  return {
    version: 1,
    type: 'risk.assessment',
    id: `${event.eventId}:test-model:${event.status}`,
    occurredAt: upgrade.occurredAt,
    producedAt: new Date().toISOString(),
    source: 'test',
    payload: {
      assessmentId: `${event.eventId}:test-model`,
      subjectType: 'upgrade',
      subjectId: event.eventId,
      chainId: event.chainId,
      contract: event.contract,
      protocolId: event.protocolId,
      score,
      level: score >= 75 ? 'critical' : score >= 50 ? 'high' : score >= 25 ? 'medium' : 'low',
      factors: [{ rule: 'implementation_change', points: score, detail: 'test' }],
      modelVersion: 'test-model',
      subjectStatus: event.status,
    },
  };
}
