import {
  isUpgradeEvent,
  type AdminChangedEvent,
  type BeaconUpgradedEvent,
  type DiamondCutEvent,
  type ProtocolEvent,
  type ProtocolEventOf,
  type RiskFactor,
  type RiskLevel,
  type UpgradedEvent,
} from '@pum/contracts';

const ZERO_ADDRESS = `0x${'0'.repeat(40)}`;

/** Version of the rule set below; part of every assessment id, so a new model re-assesses. */
export const RULES_VERSION = 'upgrade-rules-v2';

export interface UpgradeContext {
  /** Earlier upgrades (not initial deployments) of the same proxy within the rapid-succession window. */
  recentUpgrades: number;
  windowSeconds: number;
}

/**
 * The first, deliberately simple and documented rule set (docs/risk-rules.md).
 * Points add up, clamped to 0–100:
 * - `initial_implementation` 10: the proxy's first implementation (a deployment, not a change);
 * - `implementation_change` 30: live code that holds funds or permissions was replaced;
 * - `same_implementation` 5 (instead of the above): an upgrade to the implementation already in place;
 * - `no_code_at_implementation` +70: the new implementation has no code — the proxy is bricked,
 *   or the address is waiting for a CREATE2 deployment nobody has reviewed;
 * - `rapid_successive_upgrades` +20: the proxy was already upgraded within the window;
 * - `retracted` 0 (alone): the event's block left the canonical chain, so nothing happened.
 *
 * @example scoreUpgrade(event, { recentUpgrades: 0, windowSeconds: 86400 }).score // 30
 */
export function scoreUpgrade(event: UpgradedEvent, context: UpgradeContext): Score {
  if (event.status === 'retracted') return retracted(event);
  const factors: RiskFactor[] = [];
  if (event.previousImplementation === null) {
    factors.push({ rule: 'initial_implementation', points: 10, detail: `first implementation ${event.newImplementation}` });
  } else if (event.previousImplementation === event.newImplementation) {
    factors.push({ rule: 'same_implementation', points: 5, detail: `re-set to the current implementation ${event.newImplementation}` });
  } else {
    factors.push({
      rule: 'implementation_change',
      points: 30,
      detail: `implementation ${event.previousImplementation} replaced by ${event.newImplementation}`,
    });
  }
  if (event.newImplementationCodeSize === 0) {
    factors.push({ rule: 'no_code_at_implementation', points: 70, detail: `${event.newImplementation} has no code at block ${event.blockNumber}` });
  }
  return total(factors, context);
}

export interface Score {
  score: number;
  level: RiskLevel;
  factors: RiskFactor[];
}

/**
 * Scores an upgrade-relevant event (docs/risk-rules.md), or returns null for kinds that are not
 * scored (governance, timelock and most Safe events: the upgrades they carry are scored when they run).
 * - admin_changed: `initial_admin` 10 or `admin_change` 40; `eoa_admin` +15 when the new admin has no code;
 * - beacon_upgraded: `initial_beacon` 10 or `beacon_change` 30; `no_code_at_implementation` +70;
 * - diamond_cut: `facets_replaced_or_removed` 30 or `facets_added` 15; `init_delegatecall` +10;
 * - ownership_transferred: `initial_owner` 5, `ownership_renounced` 10 or `ownership_change` 40; `eoa_owner` +15;
 * - safe_threshold_changed: `safe_threshold_lowered` 40 (+15 `single_signer_safe`) or `safe_threshold_changed` 5;
 * - upgraded: see scoreUpgrade. Changes (not first settings) also count `rapid_successive_upgrades` +20.
 */
export function scoreEvent(event: ProtocolEvent, context: UpgradeContext): Score | null {
  switch (event.kind) {
    case 'upgraded':
      return scoreUpgrade(event, context);
    case 'admin_changed':
      return scoreAdminChange(event, context);
    case 'beacon_upgraded':
      return scoreBeaconChange(event, context);
    case 'diamond_cut':
      return scoreDiamondCut(event, context);
    case 'ownership_transferred':
      return scoreOwnershipTransfer(event, context);
    case 'safe_threshold_changed':
      return scoreSafeThresholdChange(event);
    // Listed, not defaulted: a new kind must decide whether it is scored.
    case 'role_granted':
    case 'role_revoked':
    case 'role_admin_changed':
    case 'paused':
    case 'unpaused':
    case 'proposal_created':
    case 'vote_cast':
    case 'proposal_queued':
    case 'proposal_executed':
    case 'proposal_canceled':
    case 'timelock_call_scheduled':
    case 'timelock_call_executed':
    case 'timelock_cancelled':
    case 'timelock_min_delay_changed':
    case 'timelock_tx_queued':
    case 'timelock_tx_executed':
    case 'timelock_tx_cancelled':
    case 'timelock_delay_changed':
    case 'safe_owner_added':
    case 'safe_owner_removed':
    case 'safe_execution_success':
    case 'safe_execution_failure':
    case 'safe_module_enabled':
    case 'safe_module_disabled':
    case 'safe_guard_changed':
      return null;
  }
}

/** Whether an event changes code or control already in place (and so counts towards rapid succession). */
export function isChange(event: ProtocolEvent): boolean {
  if (event.kind === 'ownership_transferred') return event.previousOwner !== ZERO_ADDRESS;
  if (!isUpgradeEvent(event)) return false;
  switch (event.kind) {
    case 'upgraded':
      return event.previousImplementation !== null;
    case 'admin_changed':
      return event.previousAdmin !== null;
    case 'beacon_upgraded':
      return event.previousBeacon !== null;
    case 'diamond_cut':
      return event.facetCuts.some((cut) => cut.action !== 'add');
  }
}

function scoreAdminChange(event: AdminChangedEvent, context: UpgradeContext): Score {
  if (event.status === 'retracted') return retracted(event);
  const factors: RiskFactor[] =
    event.previousAdmin === null
      ? [{ rule: 'initial_admin', points: 10, detail: `first admin ${event.newAdmin}` }]
      : [{ rule: 'admin_change', points: 40, detail: `upgrade rights moved from ${event.previousAdmin} to ${event.newAdmin}` }];
  if (event.newAdminCodeSize === 0) {
    factors.push({ rule: 'eoa_admin', points: 15, detail: `${event.newAdmin} is an externally owned account: one key can upgrade` });
  }
  return total(factors, context);
}

function scoreBeaconChange(event: BeaconUpgradedEvent, context: UpgradeContext): Score {
  if (event.status === 'retracted') return retracted(event);
  const factors: RiskFactor[] =
    event.previousBeacon === null
      ? [{ rule: 'initial_beacon', points: 10, detail: `first beacon ${event.newBeacon}` }]
      : [{ rule: 'beacon_change', points: 30, detail: `beacon ${event.previousBeacon} replaced by ${event.newBeacon}` }];
  if (event.newImplementationCodeSize === 0) {
    factors.push({ rule: 'no_code_at_implementation', points: 70, detail: `the new beacon's implementation ${event.newImplementation ?? '?'} has no code` });
  }
  return total(factors, context);
}

function scoreDiamondCut(event: DiamondCutEvent, context: UpgradeContext): Score {
  if (event.status === 'retracted') return retracted(event);
  const changed = event.facetCuts.filter((cut) => cut.action !== 'add');
  const selectors = event.facetCuts.reduce((n, cut) => n + cut.functionSelectors.length, 0);
  const factors: RiskFactor[] =
    changed.length > 0
      ? [{ rule: 'facets_replaced_or_removed', points: 30, detail: `${changed.length} facet cut(s) replace or remove live functions (${selectors} selectors in all)` }]
      : [{ rule: 'facets_added', points: 15, detail: `${event.facetCuts.length} facet(s) add ${selectors} selector(s)` }];
  if (event.init !== null) factors.push({ rule: 'init_delegatecall', points: 10, detail: `delegatecall into ${event.init} after the cut` });
  return total(factors, context);
}

/** Ownable's owner is often a ProxyAdmin's, i.e. who may upgrade; an EOA owner is a single key. */
function scoreOwnershipTransfer(event: ProtocolEventOf<'ownership_transferred'>, context: UpgradeContext): Score {
  if (event.status === 'retracted') return retracted(event);
  const factors: RiskFactor[] = [];
  if (event.previousOwner === ZERO_ADDRESS) factors.push({ rule: 'initial_owner', points: 5, detail: `first owner ${event.newOwner}` });
  else if (event.newOwner === ZERO_ADDRESS) factors.push({ rule: 'ownership_renounced', points: 10, detail: `${event.previousOwner} renounced ownership` });
  else factors.push({ rule: 'ownership_change', points: 40, detail: `ownership moved from ${event.previousOwner} to ${event.newOwner}` });
  if (event.newOwner !== ZERO_ADDRESS && event.newOwnerCodeSize === 0) {
    factors.push({ rule: 'eoa_owner', points: 15, detail: `${event.newOwner} is an externally owned account: one key controls the contract` });
  }
  return total(factors, context);
}

/** Fewer signatures needed is a weaker Safe; the threshold before comes from the block before. */
function scoreSafeThresholdChange(event: ProtocolEventOf<'safe_threshold_changed'>): Score {
  if (event.status === 'retracted') return retracted(event);
  const threshold = Number(event.threshold);
  const previous = event.previousSafeThreshold;
  const owners = event.safeOwners?.length;
  const factors: RiskFactor[] =
    previous !== null && threshold < previous
      ? [{ rule: 'safe_threshold_lowered', points: 40, detail: `signatures needed lowered from ${previous} to ${threshold}${owners ? ` of ${owners} owners` : ''}` }]
      : [{ rule: 'safe_threshold_changed', points: 5, detail: `signatures needed ${previous ?? '?'} -> ${threshold}` }];
  if (threshold === 1 && owners !== undefined && owners > 1) {
    factors.push({ rule: 'single_signer_safe', points: 15, detail: `any one of ${owners} owners can now act alone` });
  }
  return total(factors, { recentUpgrades: 0, windowSeconds: 0 });
}

function retracted(event: ProtocolEvent): Score {
  // The block left the canonical chain: nothing happened (this replaces the earlier assessment).
  return { score: 0, level: 'low', factors: [{ rule: 'retracted', points: 0, detail: `block ${event.blockHash} left the canonical chain` }] };
}

function total(factors: RiskFactor[], context: UpgradeContext): Score {
  if (context.recentUpgrades > 0) {
    factors.push({
      rule: 'rapid_successive_upgrades',
      points: 20,
      detail: `${context.recentUpgrades} earlier change(s) of this contract within ${context.windowSeconds} s`,
    });
  }
  const score = Math.max(0, Math.min(100, factors.reduce((sum, factor) => sum + factor.points, 0)));
  return { score, level: levelOf(score), factors };
}

/** 0–24 low, 25–49 medium, 50–74 high, 75–100 critical. */
export function levelOf(score: number): RiskLevel {
  if (score >= 75) return 'critical';
  if (score >= 50) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}
