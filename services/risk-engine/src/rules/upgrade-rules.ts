import type { RiskFactor, RiskLevel, UpgradedEvent } from '@pum/contracts';

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
export function scoreUpgrade(event: UpgradedEvent, context: UpgradeContext): { score: number; level: RiskLevel; factors: RiskFactor[] } {
  if (event.status === 'retracted') {
    // The block left the canonical chain: the upgrade did not happen (this replaces the earlier assessment).
    return { score: 0, level: 'low', factors: [{ rule: 'retracted', points: 0, detail: `block ${event.blockHash} left the canonical chain` }] };
  }
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
  if (context.recentUpgrades > 0) {
    factors.push({
      rule: 'rapid_successive_upgrades',
      points: 20,
      detail: `${context.recentUpgrades} earlier upgrade(s) of this proxy within ${context.windowSeconds} s`,
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
