import type { ProtocolEvent, ProtocolEventKind } from '@pum/contracts';

/**
 * The protocol events that can carry one of the kinds `K`. Unlike `ProtocolEventOf`, this keeps the
 * schemas shared by two kinds (`proposal_executed | proposal_canceled`, `timelock_tx_executed |
 * timelock_tx_cancelled`), which `Extract` on a single kind drops.
 *
 * @example (event: EventOf<'proposal_canceled'>) => event.proposalId
 */
export type EventOf<K extends ProtocolEventKind> = ProtocolEvent extends infer E ? (E extends { kind: infer EK } ? ([Extract<EK, K>] extends [never] ? never : E) : never) : never;
