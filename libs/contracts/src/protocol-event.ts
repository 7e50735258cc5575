import { z } from 'zod';
import { address, blockNumber, chainId, eventStatus, hash32, hexData } from './primitives';

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

/** EIP-1967 `AdminChanged(address previousAdmin, address newAdmin)`: who may upgrade the proxy. */
export const adminChangedEvent = eventBase.extend({
  kind: z.literal('admin_changed'),
  /** Null when there was none (the proxy's construction). */
  previousAdmin: address.nullable(),
  newAdmin: address,
  /** Code size of the new admin at the event's block: 0 means an EOA, a single key, holds the upgrade. Null when not read. */
  newAdminCodeSize: z.number().int().nonnegative().nullable(),
});
export type AdminChangedEvent = z.infer<typeof adminChangedEvent>;

/** EIP-1967 `BeaconUpgraded(address indexed beacon)`: the proxy now takes its implementation from another beacon. */
export const beaconUpgradedEvent = eventBase.extend({
  kind: z.literal('beacon_upgraded'),
  /** Beacon in the EIP-1967 beacon slot just before this block; null if the slot was empty (or not read). */
  previousBeacon: address.nullable(),
  newBeacon: address,
  /** `implementation()` of the new beacon at the event's block; null when not read or not answered. */
  newImplementation: address.nullable(),
  newImplementationCodeSize: z.number().int().nonnegative().nullable(),
});
export type BeaconUpgradedEvent = z.infer<typeof beaconUpgradedEvent>;

/** One facet change of an EIP-2535 diamond cut. */
export const facetCut = z.object({
  facetAddress: address,
  action: z.enum(['add', 'replace', 'remove']),
  functionSelectors: z.array(z.string().regex(/^0x[0-9a-fA-F]{8}$/, 'expected a 4-byte selector')),
});

/** EIP-2535 `DiamondCut(FacetCut[] diamondCut, address init, bytes calldata)`. */
export const diamondCutEvent = eventBase.extend({
  kind: z.literal('diamond_cut'),
  facetCuts: z.array(facetCut),
  /** Delegate-called with `initCalldata` after the cut; null when none (zero address). */
  init: address.nullable(),
  initCalldata: hexData,
});
export type DiamondCutEvent = z.infer<typeof diamondCutEvent>;

/** Normalised protocol events, discriminated by `kind`. */
export const protocolEventPayload = z.discriminatedUnion('kind', [upgradedEvent, adminChangedEvent, beaconUpgradedEvent, diamondCutEvent]);
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
