import { z } from 'zod';
import { address, blockNumber, chainId, eventStatus, hash32, hexData } from './primitives';

// Normalised protocol events: every log of the event catalogue (issue #3), decoded and enriched with
// state read at the event's block. Conventions: addresses and hex lower case; uint256 values as
// decimal strings (JSON has no bigint); enrichment fields are null when not read — a retracted
// event's block is gone, so its state is not read again — or when the contract did not answer.

/** A uint256 as a decimal string. */
const uint = z.string().regex(/^(0|[1-9][0-9]*)$/, 'expected a non-negative decimal integer string');
const bytes32 = hash32;
const selector = z.string().regex(/^0x[0-9a-fA-F]{8}$/, 'expected a 4-byte selector');
const codeSize = z.number().int().nonnegative();

const eventBase = z.object({
  /** `chainId:txHash:logIndex` — the entity id; the message id adds the kind, status and block hash. */
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

/**
 * The standard of the upgrade kinds, defaulted: messages published before the field existed
 * (replays of the topic) still parse.
 */
const eip1967 = z.literal('eip1967').default('eip1967');

/** EIP-1967 `Upgraded(address indexed implementation)`. */
export const upgradedEvent = eventBase.extend({
  kind: z.literal('upgraded'),
  standard: eip1967,
  /** Implementation in the EIP-1967 slot just before this block; null if the slot was empty. */
  previousImplementation: address.nullable(),
  newImplementation: address,
  /** Runtime code size of the new implementation at the event's block; 0 means no code at all. */
  newImplementationCodeSize: codeSize.nullable(),
  newImplementationCodeHash: hash32.nullable(),
});
export type UpgradedEvent = z.infer<typeof upgradedEvent>;

/** EIP-1967 `AdminChanged(address previousAdmin, address newAdmin)`: who may upgrade the proxy. */
export const adminChangedEvent = eventBase.extend({
  kind: z.literal('admin_changed'),
  standard: eip1967,
  /** Null when there was none (the proxy's construction). */
  previousAdmin: address.nullable(),
  newAdmin: address,
  /** Code size of the new admin at the event's block: 0 means an EOA, a single key, holds the upgrade. */
  newAdminCodeSize: codeSize.nullable(),
});
export type AdminChangedEvent = z.infer<typeof adminChangedEvent>;

/** EIP-1967 `BeaconUpgraded(address indexed beacon)`: the proxy now takes its implementation from another beacon. */
export const beaconUpgradedEvent = eventBase.extend({
  kind: z.literal('beacon_upgraded'),
  standard: eip1967,
  /** Beacon in the EIP-1967 beacon slot just before this block; null if the slot was empty (or not read). */
  previousBeacon: address.nullable(),
  newBeacon: address,
  /** `implementation()` of the new beacon at the event's block; null when not read or not answered. */
  newImplementation: address.nullable(),
  newImplementationCodeSize: codeSize.nullable(),
});
export type BeaconUpgradedEvent = z.infer<typeof beaconUpgradedEvent>;

/** One facet change of an EIP-2535 diamond cut. */
export const facetCut = z.object({
  facetAddress: address,
  action: z.enum(['add', 'replace', 'remove']),
  functionSelectors: z.array(selector),
});

/** EIP-2535 `DiamondCut(FacetCut[] diamondCut, address init, bytes calldata)`. */
export const diamondCutEvent = eventBase.extend({
  kind: z.literal('diamond_cut'),
  standard: z.literal('eip2535').default('eip2535'),
  facetCuts: z.array(facetCut),
  /** Delegate-called with `initCalldata` after the cut; null when none (zero address). */
  init: address.nullable(),
  initCalldata: hexData,
});
export type DiamondCutEvent = z.infer<typeof diamondCutEvent>;

/** The protocol event kinds that change a contract's code or who may change it. */
export const UPGRADE_EVENT_KINDS = ['upgraded', 'admin_changed', 'beacon_upgraded', 'diamond_cut'] as const;

// --- Scheduled upgrades: found in the calldata of calls that have not run yet -------------------

const scheduledUpgradeBase = z.object({
  /** The proxy, beacon or diamond whose code (or upgrade authority) changes. */
  target: address,
  /** Index of the carrying call among the event's calls (a proposal's actions; 0 otherwise). */
  callIndex: z.number().int().nonnegative(),
  /** Wrappers inside the call that carry the upgrade (timelock, Safe, MultiSend), outermost first. */
  via: z.array(address),
  /** Unix seconds from which the upgrade can run; null while unknown (a proposal not yet queued). */
  eta: uint.nullable(),
});

/** An upgrade found in calldata before it runs: `upgradeTo`, ProxyAdmin `upgrade`, `changeAdmin`, `diamondCut`, … */
export const scheduledUpgrade = z.discriminatedUnion('kind', [
  scheduledUpgradeBase.extend({ kind: z.enum(['upgrade_to', 'beacon_upgrade_to']), newImplementation: address }),
  scheduledUpgradeBase.extend({ kind: z.literal('upgrade_to_and_call'), newImplementation: address, initData: hexData }),
  scheduledUpgradeBase.extend({ kind: z.literal('proxy_admin_upgrade'), proxyAdmin: address, newImplementation: address }),
  scheduledUpgradeBase.extend({ kind: z.literal('proxy_admin_upgrade_and_call'), proxyAdmin: address, newImplementation: address, initData: hexData }),
  /** `proxyAdmin` null: the proxy's admin called `changeAdmin` on it directly. */
  scheduledUpgradeBase.extend({ kind: z.literal('change_admin'), proxyAdmin: address.nullable(), newAdmin: address }),
  scheduledUpgradeBase.extend({ kind: z.literal('diamond_cut'), facetCuts: z.array(facetCut), init: address, initData: hexData }),
]);
export type ScheduledUpgradePayload = z.infer<typeof scheduledUpgrade>;

// --- Ownable, AccessControl, Pausable --------------------------------------------------------------

/** Ownable `OwnershipTransferred(previousOwner, newOwner)`. */
export const ownershipTransferredEvent = eventBase.extend({
  kind: z.literal('ownership_transferred'),
  standard: z.literal('ownable'),
  previousOwner: address,
  newOwner: address,
  /** Code size of the new owner at the event's block: 0 means an EOA (or a renounce to the zero address). */
  newOwnerCodeSize: codeSize.nullable(),
});

/** AccessControl `RoleGranted` / `RoleRevoked(role, account, sender)`. */
export const roleChangedEvent = eventBase.extend({
  kind: z.enum(['role_granted', 'role_revoked']),
  standard: z.literal('access_control'),
  role: bytes32,
  account: address,
  sender: address,
});

/** AccessControl `RoleAdminChanged(role, previousAdminRole, newAdminRole)`. */
export const roleAdminChangedEvent = eventBase.extend({
  kind: z.literal('role_admin_changed'),
  standard: z.literal('access_control'),
  role: bytes32,
  previousAdminRole: bytes32,
  newAdminRole: bytes32,
});

/** Pausable `Paused` / `Unpaused(account)`. */
export const pauseEvent = eventBase.extend({
  kind: z.enum(['paused', 'unpaused']),
  standard: z.literal('pausable'),
  account: address,
});

// --- Governors (OpenZeppelin Governor and Compound GovernorBravo emit the same logs) -------------

/** Governor `state(proposalId)`, the same enum in OZ Governor and GovernorBravo. */
export const PROPOSAL_STATES = ['pending', 'active', 'canceled', 'defeated', 'succeeded', 'queued', 'expired', 'executed'] as const;

/** State of the governor (and the proposal) at the event's block; each null when not answered. */
const governorBase = eventBase.extend({
  standard: z.literal('governor'),
  proposalId: uint,
  /** Votes needed: OZ `quorum(clock - 1)`, Bravo `quorumVotes()`. */
  quorum: uint.nullable(),
  /** `votingPeriod()`, in the governor's clock units (blocks or seconds). */
  votingPeriod: uint.nullable(),
  proposalState: z.enum(PROPOSAL_STATES).nullable(),
  /** Unix seconds the queued proposal may execute: OZ `proposalEta`, Bravo `proposals(id).eta`; null until queued. */
  proposalEta: uint.nullable(),
});

/** Governor `ProposalCreated`: the actions, and the upgrades among them (ETA unknown until queued). */
export const proposalCreatedEvent = governorBase.extend({
  kind: z.literal('proposal_created'),
  proposer: address,
  targets: z.array(address),
  values: z.array(uint),
  /** Bravo-style function signatures; empty strings when `calldatas` already hold the selector. */
  signatures: z.array(z.string()),
  calldatas: z.array(hexData),
  /** Block number or timestamp, per the governor's clock. */
  voteStart: uint,
  voteEnd: uint,
  description: z.string(),
  scheduledUpgrades: z.array(scheduledUpgrade),
});

/** Governor `VoteCast` / `VoteCastWithParams`. */
export const voteCastEvent = governorBase.extend({
  kind: z.literal('vote_cast'),
  voter: address,
  /** 0 against, 1 for, 2 abstain (for the usual counting modules). */
  support: z.number().int().nonnegative(),
  weight: uint,
  reason: z.string(),
  /** `VoteCastWithParams` params; null for a plain `VoteCast`. */
  params: hexData.nullable(),
});

/** Governor `ProposalQueued(proposalId, eta)`. */
export const proposalQueuedEvent = governorBase.extend({ kind: z.literal('proposal_queued'), eta: uint });

/** Governor `ProposalExecuted` / `ProposalCanceled(proposalId)`. */
export const proposalEndedEvent = governorBase.extend({ kind: z.enum(['proposal_executed', 'proposal_canceled']) });

// --- Timelocks ----------------------------------------------------------------------------------

/** `getMinDelay()` (OZ) or `delay()` (Compound) at the event's block, in seconds. */
const timelockDelay = { minDelay: uint.nullable() };

/** One call of an OZ TimelockController operation. */
const ozTimelockCall = eventBase.extend({
  standard: z.literal('oz_timelock'),
  ...timelockDelay,
  operationId: bytes32,
  /** Position of this call inside a batch operation. */
  index: uint,
  target: address,
  value: uint,
  data: hexData,
});

/** OZ TimelockController `CallScheduled`: one call of an operation, and the upgrade it carries. */
export const timelockCallScheduledEvent = ozTimelockCall.extend({
  kind: z.literal('timelock_call_scheduled'),
  predecessor: bytes32,
  /** Seconds from the scheduling block until the operation is ready. */
  delay: uint,
  /** Upgrades in `data`; their ETA is the block's timestamp plus `delay`. */
  scheduledUpgrades: z.array(scheduledUpgrade),
});

/** OZ TimelockController `CallExecuted`. */
export const timelockCallExecutedEvent = ozTimelockCall.extend({ kind: z.literal('timelock_call_executed') });

/** OZ TimelockController `Cancelled(id)`. */
export const timelockCancelledEvent = eventBase.extend({
  kind: z.literal('timelock_cancelled'),
  standard: z.literal('oz_timelock'),
  ...timelockDelay,
  operationId: bytes32,
});

/** OZ TimelockController `MinDelayChange(oldDuration, newDuration)`. */
export const timelockMinDelayChangedEvent = eventBase.extend({
  kind: z.literal('timelock_min_delay_changed'),
  standard: z.literal('oz_timelock'),
  ...timelockDelay,
  oldDelay: uint,
  newDelay: uint,
});

const compoundTimelockTx = eventBase.extend({
  standard: z.literal('compound_timelock'),
  ...timelockDelay,
  txHash: bytes32,
  target: address,
  value: uint,
  signature: z.string(),
  data: hexData,
  /** The calldata the timelock sends: `data`, behind the signature's selector when there is one. */
  calldata: hexData,
  /** Unix seconds from which the transaction may execute. */
  eta: uint,
});

/** Compound Timelock `QueueTransaction`, and the upgrade it carries (ETA: the queued `eta`). */
export const timelockTxQueuedEvent = compoundTimelockTx.extend({
  kind: z.literal('timelock_tx_queued'),
  scheduledUpgrades: z.array(scheduledUpgrade),
});

/** Compound Timelock `ExecuteTransaction` / `CancelTransaction`. */
export const timelockTxEndedEvent = compoundTimelockTx.extend({ kind: z.enum(['timelock_tx_executed', 'timelock_tx_cancelled']) });

/** Compound Timelock `NewDelay(newDelay)`. */
export const timelockDelayChangedEvent = eventBase.extend({
  kind: z.literal('timelock_delay_changed'),
  standard: z.literal('compound_timelock'),
  ...timelockDelay,
  newDelay: uint,
});

// --- Safe ---------------------------------------------------------------------------------------

/** Safe owners and threshold at the event's block; `safeVersion` the log layout (1.3 unindexed, 1.4 indexed). */
const safeBase = eventBase.extend({
  standard: z.literal('safe'),
  safeVersion: z.enum(['1.3', '1.4']),
  /** `getOwners()` at the event's block. */
  safeOwners: z.array(address).nullable(),
  /** `getThreshold()` at the event's block. */
  safeThreshold: z.number().int().nonnegative().nullable(),
});

export const safeOwnerChangedEvent = safeBase.extend({ kind: z.enum(['safe_owner_added', 'safe_owner_removed']), owner: address });

/** Safe `ChangedThreshold`: both Safe layouts emit it identically, so the version is unknown (null). */
export const safeThresholdChangedEvent = safeBase.extend({
  kind: z.literal('safe_threshold_changed'),
  safeVersion: z.null(),
  threshold: uint,
  /** `getThreshold()` at the block before: a lower `threshold` weakens the Safe. */
  previousSafeThreshold: z.number().int().nonnegative().nullable(),
});

/** Safe `ExecutionSuccess`: the executed transaction, decoded from the transaction input when it called this Safe. */
export const safeExecutionSuccessEvent = safeBase.extend({
  kind: z.literal('safe_execution_success'),
  txHash: bytes32,
  payment: uint,
  /**
   * Upgrades the Safe transaction carried (ETA: its block's timestamp, it ran there); null when the
   * calldata is unknown — the chain transaction did not call `execTransaction` on this Safe itself
   * (a relayer, a module, a nested Safe), or the event was retracted.
   */
  scheduledUpgrades: z.array(scheduledUpgrade).nullable(),
});

export const safeExecutionFailureEvent = safeBase.extend({ kind: z.literal('safe_execution_failure'), txHash: bytes32, payment: uint });

export const safeModuleChangedEvent = safeBase.extend({ kind: z.enum(['safe_module_enabled', 'safe_module_disabled']), module: address });

export const safeGuardChangedEvent = safeBase.extend({ kind: z.literal('safe_guard_changed'), guard: address });

/** Normalised protocol events, discriminated by `kind`. */
export const protocolEventPayload = z.discriminatedUnion('kind', [
  upgradedEvent,
  adminChangedEvent,
  beaconUpgradedEvent,
  diamondCutEvent,
  ownershipTransferredEvent,
  roleChangedEvent,
  roleAdminChangedEvent,
  pauseEvent,
  proposalCreatedEvent,
  voteCastEvent,
  proposalQueuedEvent,
  proposalEndedEvent,
  timelockCallScheduledEvent,
  timelockCallExecutedEvent,
  timelockCancelledEvent,
  timelockMinDelayChangedEvent,
  timelockTxQueuedEvent,
  timelockTxEndedEvent,
  timelockDelayChangedEvent,
  safeOwnerChangedEvent,
  safeThresholdChangedEvent,
  safeExecutionSuccessEvent,
  safeExecutionFailureEvent,
  safeModuleChangedEvent,
  safeGuardChangedEvent,
]);
export type ProtocolEvent = z.infer<typeof protocolEventPayload>;
export type ProtocolEventKind = ProtocolEvent['kind'];

/**
 * The admin plane: who holds roles and ownership, whether the protocol is paused, who signs its Safe
 * (owners, threshold, modules, guard) and how long its timelocks wait — what a risk team checks first
 * besides the upgrades themselves. Shared by the gateway's read model and the risk engine's subjects.
 */
export const ADMIN_PLANE_KINDS = [
  'ownership_transferred',
  'role_granted',
  'role_revoked',
  'role_admin_changed',
  'paused',
  'unpaused',
  'safe_owner_added',
  'safe_owner_removed',
  'safe_threshold_changed',
  'safe_module_enabled',
  'safe_module_disabled',
  'safe_guard_changed',
  'timelock_min_delay_changed',
  'timelock_delay_changed',
] as const satisfies readonly ProtocolEventKind[];
/**
 * A protocol event of the given kind(s), e.g. `ProtocolEventOf<'safe_owner_added'>` — narrowed also
 * where one schema serves several kinds (`kind: 'safe_owner_added' | 'safe_owner_removed'`).
 */
export type ProtocolEventOf<K extends ProtocolEventKind> = NarrowedTo<ProtocolEvent, K>;
type NarrowedTo<E, K> = E extends { kind: infer EK } ? ([K & EK] extends [never] ? never : E & { kind: K & EK }) : never;
export type UpgradeProtocolEvent = ProtocolEventOf<(typeof UPGRADE_EVENT_KINDS)[number]>;

/**
 * Whether an event changes code or upgrade authority (the four EIP-1967 / EIP-2535 kinds).
 *
 * @example isUpgradeEvent(event) && store(event) // event is UpgradedEvent | AdminChangedEvent | …
 */
export function isUpgradeEvent(event: ProtocolEvent): event is UpgradeProtocolEvent {
  return (UPGRADE_EVENT_KINDS as readonly string[]).includes(event.kind);
}

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
