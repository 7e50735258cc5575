import type { ChainLog, ProtocolEvent, ProtocolEventOf, UpgradedEvent } from '@pum/contracts';
import { keccak256, size, zeroAddress, type Address, type Hex } from 'viem';
import { detectScheduledUpgrades, scheduledCallsOf, type DecodedCatalogueEvent } from '../catalogue';
import { BEACON_SLOT, IMPLEMENTATION_SLOT } from './eip1967';
import type { GovernorState, SafeState, StateReader } from './state-reader';

/** The fields every protocol event has, whatever its kind. */
export type EventCommon = Pick<
  UpgradedEvent,
  'eventId' | 'status' | 'chainId' | 'contract' | 'blockNumber' | 'blockHash' | 'transactionHash' | 'logIndex' | 'protocolId'
>;

const NO_GOVERNOR_STATE: GovernorState = { quorum: null, votingPeriod: null, proposalState: null, proposalEta: null };
const NO_SAFE_STATE: SafeState = { safeOwners: null, safeThreshold: null };

/**
 * A decoded catalogue log as a protocol event, enriched with state read at its block through
 * `reader` — or, with no reader (a retracted event, whose block is gone), with every read field null.
 * Upgrades scheduled in calldata are detected either way: that needs no state.
 *
 * @example await normaliseEvent(decodeCatalogueLog(log), common, log, new StateReader(client))
 */
export async function normaliseEvent(decoded: DecodedCatalogueEvent, common: EventCommon, log: ChainLog, reader: StateReader | null): Promise<ProtocolEvent> {
  const block = BigInt(log.blockNumber);
  const contract = common.contract;
  switch (decoded.kind) {
    case 'upgraded':
    case 'admin_changed':
    case 'beacon_upgraded':
    case 'diamond_cut':
      return normaliseUpgrade(decoded, common, block, reader);
    case 'ownership_transferred':
      return {
        ...decoded,
        ...common,
        newOwnerCodeSize: reader ? codeSize(await reader.code(decoded.newOwner, block)) : null,
      };
    case 'role_granted':
    case 'role_revoked':
    case 'role_admin_changed':
    case 'paused':
    case 'unpaused':
      return { ...decoded, ...common };
    case 'proposal_created': {
      const state = reader ? await reader.governor(contract, BigInt(decoded.proposalId), block) : NO_GOVERNOR_STATE;
      return { ...decoded, ...common, ...state, scheduledUpgrades: scheduledUpgradesOf(decoded, log) };
    }
    case 'vote_cast':
    case 'proposal_queued':
    case 'proposal_executed':
    case 'proposal_canceled': {
      const state = reader ? await reader.governor(contract, BigInt(decoded.proposalId), block) : NO_GOVERNOR_STATE;
      return { ...decoded, ...common, ...state };
    }
    case 'timelock_call_scheduled':
    case 'timelock_tx_queued': {
      const minDelay = reader ? await reader.timelockDelay(contract, decoded.standard, block) : null;
      return { ...decoded, ...common, minDelay, scheduledUpgrades: scheduledUpgradesOf(decoded, log) };
    }
    case 'timelock_call_executed':
    case 'timelock_cancelled':
    case 'timelock_min_delay_changed':
    case 'timelock_tx_executed':
    case 'timelock_tx_cancelled':
    case 'timelock_delay_changed': {
      const minDelay = reader ? await reader.timelockDelay(contract, decoded.standard, block) : null;
      return { ...decoded, ...common, minDelay };
    }
    case 'safe_threshold_changed': {
      const [state, previous] = reader ? await Promise.all([reader.safe(contract, block), block > 0n ? reader.safeThreshold(contract, block - 1n) : null]) : [NO_SAFE_STATE, null];
      return { ...decoded, ...common, ...state, previousSafeThreshold: previous };
    }
    case 'safe_execution_success': {
      const [state, input] = reader ? await Promise.all([reader.safe(contract, block), reader.inputOfCallTo(common.transactionHash, contract)]) : [NO_SAFE_STATE, null];
      // The Safe transaction ran in this block: its upgrades are due at the block's timestamp.
      const scheduledUpgrades = input === null ? null : detectScheduledUpgrades([{ target: contract, value: '0', data: input, eta: String(log.blockTimestamp) }]);
      return { ...decoded, ...common, ...state, scheduledUpgrades };
    }
    case 'safe_execution_failure':
      return { ...decoded, kind: decoded.kind, ...common, ...(reader ? await reader.safe(contract, block) : NO_SAFE_STATE) };
    case 'safe_owner_added':
    case 'safe_owner_removed':
    case 'safe_module_enabled':
    case 'safe_module_disabled':
    case 'safe_guard_changed':
      return { ...decoded, ...common, ...(reader ? await reader.safe(contract, block) : NO_SAFE_STATE) };
  }
}

/** Upgrades in the calldata an event schedules, with their ETA (a proposal's stays null until queued). */
function scheduledUpgradesOf(decoded: DecodedCatalogueEvent, log: ChainLog): ProtocolEventOf<'proposal_created'>['scheduledUpgrades'] {
  return detectScheduledUpgrades(scheduledCallsOf(decoded, log.blockTimestamp));
}

type UpgradeCatalogueEvent = Extract<DecodedCatalogueEvent, { kind: 'upgraded' | 'admin_changed' | 'beacon_upgraded' | 'diamond_cut' }>;

/** The EIP-1967 / EIP-2535 events, with what was in the proxy's slot before and the code it now runs. */
async function normaliseUpgrade(decoded: UpgradeCatalogueEvent, common: EventCommon, block: bigint, reader: StateReader | null): Promise<ProtocolEvent> {
  switch (decoded.kind) {
    case 'upgraded': {
      const [previous, code] = reader
        ? await Promise.all([implementationBefore(reader, common.contract, block), reader.code(decoded.newImplementation, block)])
        : [null, undefined];
      return {
        ...common,
        kind: 'upgraded',
        standard: 'eip1967',
        previousImplementation: previous,
        newImplementation: decoded.newImplementation,
        newImplementationCodeSize: reader ? codeSize(code) : null,
        newImplementationCodeHash: code && size(code) > 0 ? keccak256(code) : null,
      };
    }
    case 'admin_changed':
      return {
        ...common,
        kind: 'admin_changed',
        standard: 'eip1967',
        previousAdmin: nonZero(decoded.previousAdmin),
        newAdmin: decoded.newAdmin,
        newAdminCodeSize: reader ? codeSize(await reader.code(decoded.newAdmin, block)) : null,
      };
    case 'beacon_upgraded': {
      const [previousBeacon, implementation] = reader
        ? await Promise.all([reader.slotBefore(common.contract, BEACON_SLOT, block), reader.beaconImplementation(decoded.newBeacon, block)])
        : [null, null];
      return {
        ...common,
        kind: 'beacon_upgraded',
        standard: 'eip1967',
        previousBeacon,
        newBeacon: decoded.newBeacon,
        newImplementation: implementation,
        newImplementationCodeSize: implementation && reader ? codeSize(await reader.code(implementation, block)) : null,
      };
    }
    case 'diamond_cut':
      return {
        ...common,
        kind: 'diamond_cut',
        standard: 'eip2535',
        facetCuts: decoded.facetCuts,
        init: nonZero(decoded.init),
        initCalldata: decoded.initCalldata,
      };
  }
}

/**
 * The implementation before the block: the EIP-1967 slot of a proxy, or else `implementation()`
 * of a beacon (UpgradeableBeacon keeps it in ordinary storage and emits the same `Upgraded`).
 */
async function implementationBefore(reader: StateReader, emitter: Address, block: bigint): Promise<Address | null> {
  const fromSlot = await reader.slotBefore(emitter, IMPLEMENTATION_SLOT, block);
  if (fromSlot !== null || block === 0n) return fromSlot;
  return reader.beaconImplementation(emitter, block - 1n);
}

function codeSize(code: Hex | undefined): number {
  return code ? size(code) : 0;
}

function nonZero(address: Address): Address | null {
  return address.toLowerCase() === zeroAddress ? null : address;
}
