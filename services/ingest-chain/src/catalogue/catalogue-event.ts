import type { FacetCut } from '@pum/evm';
import type { Address, Hex } from 'viem';

// Shapes of decoded catalogue logs. Conventions: addresses and hex lower-case; uint256 values as
// decimal strings (JSON has no bigint); small enums (uint8) as numbers.

export type CatalogueStandard =
  | 'eip1967'
  | 'eip2535'
  | 'ownable'
  | 'access_control'
  | 'pausable'
  | 'governor'
  | 'oz_timelock'
  | 'compound_timelock'
  | 'safe';

/** `'1.3'`: the unindexed layout of Safe ≤ 1.3.0; `'1.4'`: the indexed layout of Safe ≥ 1.4.0. */
export type SafeVersion = '1.3' | '1.4';

export type { FacetCut, FacetCutAction } from '@pum/evm';

interface Base<K extends string, S extends CatalogueStandard> {
  kind: K;
  standard: S;
  /** The emitting contract. */
  contract: Address;
}

type Eip1967Event =
  | (Base<'upgraded', 'eip1967'> & { newImplementation: Address })
  | (Base<'admin_changed', 'eip1967'> & { previousAdmin: Address; newAdmin: Address })
  | (Base<'beacon_upgraded', 'eip1967'> & { newBeacon: Address });

type Eip2535Event = Base<'diamond_cut', 'eip2535'> & {
  facetCuts: FacetCut[];
  /** Contract delegate-called with `initCalldata` after the cut; zero address when none. */
  init: Address;
  initCalldata: Hex;
};

type OwnableEvent = Base<'ownership_transferred', 'ownable'> & { previousOwner: Address; newOwner: Address };

type AccessControlEvent =
  | (Base<'role_granted' | 'role_revoked', 'access_control'> & { role: Hex; account: Address; sender: Address })
  | (Base<'role_admin_changed', 'access_control'> & { role: Hex; previousAdminRole: Hex; newAdminRole: Hex });

type PausableEvent = Base<'paused' | 'unpaused', 'pausable'> & { account: Address };

/** `ProposalCreated`, identical for OZ Governor and GovernorBravo; the four arrays have equal length. */
export type ProposalCreatedEvent = Base<'proposal_created', 'governor'> & {
  proposalId: string;
  proposer: Address;
  targets: Address[];
  values: string[];
  /** Bravo-style function signatures; empty strings when `calldatas` already hold the selector. */
  signatures: string[];
  calldatas: Hex[];
  /** Block number or timestamp, per the governor's clock (Bravo: `startBlock` / `endBlock`). */
  voteStart: string;
  voteEnd: string;
  description: string;
};

type GovernorEvent =
  | ProposalCreatedEvent
  | (Base<'vote_cast', 'governor'> & {
      voter: Address;
      proposalId: string;
      /** 0 against, 1 for, 2 abstain (for the usual counting modules). */
      support: number;
      weight: string;
      reason: string;
      /** `VoteCastWithParams` params; null for a plain `VoteCast`. */
      params: Hex | null;
    })
  | (Base<'proposal_queued', 'governor'> & { proposalId: string; eta: string })
  | (Base<'proposal_executed' | 'proposal_canceled', 'governor'> & { proposalId: string });

export type TimelockCallScheduledEvent = Base<'timelock_call_scheduled', 'oz_timelock'> & {
  operationId: Hex;
  /** Position of this call inside a batch operation. */
  index: string;
  target: Address;
  value: string;
  data: Hex;
  predecessor: Hex;
  /** Seconds from the scheduling block until the operation is ready. */
  delay: string;
};

type OzTimelockEvent =
  | TimelockCallScheduledEvent
  | (Base<'timelock_call_executed', 'oz_timelock'> & { operationId: Hex; index: string; target: Address; value: string; data: Hex })
  | (Base<'timelock_cancelled', 'oz_timelock'> & { operationId: Hex })
  | (Base<'timelock_min_delay_changed', 'oz_timelock'> & { oldDelay: string; newDelay: string });

interface CompoundTimelockTx {
  txHash: Hex;
  target: Address;
  value: string;
  signature: string;
  data: Hex;
  /** The calldata the timelock sends: `data`, behind the signature's selector when there is one. */
  calldata: Hex;
  /** Unix seconds from which the transaction may execute. */
  eta: string;
}

export type TimelockTxQueuedEvent = Base<'timelock_tx_queued', 'compound_timelock'> & CompoundTimelockTx;

type CompoundTimelockEvent =
  | TimelockTxQueuedEvent
  | (Base<'timelock_tx_executed' | 'timelock_tx_cancelled', 'compound_timelock'> & CompoundTimelockTx)
  | (Base<'timelock_delay_changed', 'compound_timelock'> & { newDelay: string });

type SafeBase<K extends string> = Base<K, 'safe'> & { safeVersion: SafeVersion };

type SafeEvent =
  | (SafeBase<'safe_owner_added' | 'safe_owner_removed'> & { owner: Address })
  // Both Safe layouts emit this log identically, so the version cannot be told from it.
  | (Base<'safe_threshold_changed', 'safe'> & { safeVersion: null; threshold: string })
  | (SafeBase<'safe_execution_success' | 'safe_execution_failure'> & { txHash: Hex; payment: string })
  | (SafeBase<'safe_module_enabled' | 'safe_module_disabled'> & { module: Address })
  | (SafeBase<'safe_guard_changed'> & { guard: Address });

/** A catalogue log decoded into a normalised protocol event, discriminated by `kind`. */
export type DecodedCatalogueEvent =
  | Eip1967Event
  | Eip2535Event
  | OwnableEvent
  | AccessControlEvent
  | PausableEvent
  | GovernorEvent
  | OzTimelockEvent
  | CompoundTimelockEvent
  | SafeEvent;

export type CatalogueEventKind = DecodedCatalogueEvent['kind'];
