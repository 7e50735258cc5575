import { z } from 'zod';
import { address, blockNumber, chainId, eventStatus, hash32 } from './primitives';

const eventBase = z.object({
  /** `chainId:txHash:logIndex` — the entity id; the message id adds the status. */
  eventId: z.string().min(1),
  status: eventStatus,
  chainId,
  contract: address,
  blockNumber,
  blockHash: hash32,
  transactionHash: hash32,
  logIndex: z.number().int().nonnegative(),
  /** Protocol the contract belongs to, when the registry knows it. */
  protocolId: z.string().min(1).nullable(),
});

/** EIP-1967 `Upgraded(address indexed implementation)`. */
export const upgradedEvent = eventBase.extend({
  kind: z.literal('upgraded'),
  /** Implementation in the EIP-1967 slot just before this block; null if the slot was empty. */
  previousImplementation: address.nullable(),
  newImplementation: address,
  /**
   * Runtime code size of the new implementation at the event's block; 0 means no code at all.
   * Null when not read: a retracted event's block is gone, so its state is not read again.
   */
  newImplementationCodeSize: z.number().int().nonnegative().nullable(),
  newImplementationCodeHash: hash32.nullable(),
});
export type UpgradedEvent = z.infer<typeof upgradedEvent>;

/** Normalised protocol events, discriminated by `kind`. */
export const protocolEventPayload = z.discriminatedUnion('kind', [upgradedEvent]);
export type ProtocolEvent = z.infer<typeof protocolEventPayload>;
export type ProtocolEventKind = ProtocolEvent['kind'];

/**
 * Message id of a protocol event: the entity id plus kind, status and block hash, so `pending`,
 * `confirmed` and `retracted` — and the same log re-included on another branch after a reorg —
 * are distinct, individually idempotent messages.
 *
 * @example protocolEventMessageId({ eventId: '1:0xab…:3', kind: 'upgraded', status: 'confirmed', blockHash: '0xcd…' })
 */
export function protocolEventMessageId(event: Pick<ProtocolEvent, 'eventId' | 'kind' | 'status' | 'blockHash'>): string {
  return `${event.eventId}:${event.kind}:${event.status}@${event.blockHash}`;
}
