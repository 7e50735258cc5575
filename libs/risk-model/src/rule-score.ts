import type { UpgradeFacts } from './upgrade-row';

export interface RulePoint {
  code: string;
  points: number;
  detail: string;
}

export interface RuleScore {
  /** points / {@link RULE_MAX_POINTS}, in [0, 1]. */
  score: number;
  points: number;
  reasons: RulePoint[];
}

/** Largest possible total: key control 3 + delay 2 + bypass 3 + initialisation 2 + young contract 1. */
export const RULE_MAX_POINTS = 11;

/**
 * The baseline the model is compared with, and the rules half of the combination: a points rule
 * over the same pre-execution facts, written down before looking at any cross-validated figure.
 * - key control: EOA or a 1-of-N signer 3, 2-of-N 2, governor without timelock 2, unknown 1,
 *   a multisig of 3 or more signers 1, a governor with timelock or a timelock 0;
 * - delay: known and under 24 h 2, 24 h to 7 days 1, unknown 1, 7 days or more 0;
 * - governance bypassed 3; an initialisation 2; a contract younger than 30 days 1;
 * - an audited change -1 (never below 0).
 *
 * @example ruleScore({ ...blank, authority: 'eoa', timelockDelayHours: 0 }).points // 5
 */
export function ruleScore(facts: UpgradeFacts): RuleScore {
  const reasons: RulePoint[] = [];
  const add = (code: string, points: number, detail: string) => reasons.push({ code, points, detail });

  const m = facts.multisig?.threshold;
  if (facts.authority === 'eoa' || m === 1) add('single_key', 3, 'one key can perform the action');
  else if (m === 2) add('two_keys', 2, `${m}-of-${facts.multisig?.owners} signers`);
  else if (facts.authority === 'governor_no_timelock') add('governor_without_timelock', 2, 'a vote executes at once');
  else if (facts.authority === 'multisig') add('multisig', 1, m === undefined ? 'multisig, threshold unknown' : `${m}-of-${facts.multisig?.owners} signers`);
  else if (facts.authority === 'unknown' || facts.authority === null) add('authority_unknown', 1, 'who performs the action is not known');

  const delay = facts.timelockDelayHours;
  if (delay === null) add('delay_unknown', 1, 'no known timelock delay');
  else if (delay < 24) add('delay_under_a_day', 2, `${delay} h delay`);
  else if (delay < 168) add('delay_under_a_week', 1, `${delay} h delay`);

  if (facts.governanceBypassed === true) add('governance_bypassed', 3, 'skips the protocol governance path');
  if (facts.action === 'initialization') add('initialization', 2, 'initialises a contract');
  if (facts.contractAgeDays !== null && facts.contractAgeDays < 30) add('young_contract', 1, `${facts.contractAgeDays} days old`);
  if (facts.audited === true) add('audited', -1, 'the change was audited');

  const points = Math.max(0, reasons.reduce((sum, r) => sum + r.points, 0));
  return { score: points / RULE_MAX_POINTS, points, reasons };
}
