import type { AdminChangedEvent, BeaconUpgradedEvent, DiamondCutEvent, ProtocolEvent, RiskFactor, RiskLevel, UpgradedEvent } from '@pum/contracts';

/** Version of the rule set below; part of every assessment id, so a new model re-assesses. */
export const RULES_VERSION = 'upgrade-rules-v1';

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
 * Scores any upgrade-relevant event (docs/risk-rules.md):
 * - admin_changed: `initial_admin` 10 or `admin_change` 40; `eoa_admin` +15 when the new admin has no code;
 * - beacon_upgraded: `initial_beacon` 10 or `beacon_change` 30; `no_code_at_implementation` +70;
 * - diamond_cut: `facets_replaced_or_removed` 30 or `facets_added` 15; `init_delegatecall` +10;
 * - upgraded: see scoreUpgrade. Changes (not first settings) also count `rapid_successive_upgrades` +20.
 */
export function scoreEvent(event: ProtocolEvent, context: UpgradeContext): Score {
  switch (event.kind) {
    case 'upgraded':
      return scoreUpgrade(event, context);
    case 'admin_changed':
      return scoreAdminChange(event, context);
    case 'beacon_upgraded':
      return scoreBeaconChange(event, context);
    case 'diamond_cut':
      return scoreDiamondCut(event, context);
  }
}

/** Whether an event changes code or control already in place (and so counts towards rapid succession). */
export function isChange(event: ProtocolEvent): boolean {
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
