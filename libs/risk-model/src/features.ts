import type { UpgradeFacts } from './upgrade-row';

/**
 * Value given to a numeric feature that is not known. It lies below every real value (all are
 * >= 0), so a tree can split blanks off by threshold as well as by the missing indicator beside it.
 */
export const IMPUTED = -1;

interface FeatureSpec {
  name: string;
  /** `null` when the fact is not known: the vector gets {@link IMPUTED} (its `_missing` twin gets 1). */
  value(facts: UpgradeFacts): number | null;
}

const flag = (b: boolean): number => (b ? 1 : 0);
const known = <T>(v: T | null): v is T => v !== null;

/** An EOA is a 1-of-1 signer: a definition, not an invented value, so it fills the multisig features. */
function signers(facts: UpgradeFacts): { threshold: number; owners: number } | null {
  if (facts.multisig) return facts.multisig;
  return facts.authority === 'eoa' ? { threshold: 1, owners: 1 } : null;
}

const numeric = (name: string, value: (f: UpgradeFacts) => number | null): FeatureSpec[] => [
  { name, value },
  { name: `${name}_missing`, value: (f) => flag(!known(value(f))) },
];
const boolean = (name: string, value: (f: UpgradeFacts) => boolean | null): FeatureSpec[] =>
  numeric(name, (f) => {
    const v = value(f);
    return v === null ? null : flag(v);
  });

/**
 * The model's features, in vector order. Only what a monitor knows before the action executes:
 * no label, loss, evidence, source or key compromise (the last is known only in hindsight).
 * Action kinds are grouped (code change / control change / proposal / initialisation) because
 * 62 rows cannot support eight one-hot columns.
 */
const SPECS: FeatureSpec[] = [
  {
    name: 'action_code_upgrade',
    value: (f) => flag(f.action === 'implementation_upgrade' || f.action === 'beacon_upgrade' || f.action === 'diamond_cut'),
  },
  { name: 'action_control_change', value: (f) => flag(f.action === 'admin_change' || f.action === 'owner_change' || f.action === 'multisig_change') },
  { name: 'action_governance_proposal', value: (f) => flag(f.action === 'governance_proposal') },
  { name: 'action_initialization', value: (f) => flag(f.action === 'initialization') },
  { name: 'action_missing', value: (f) => flag(f.action === null) },
  { name: 'authority_eoa', value: (f) => flag(f.authority === 'eoa') },
  { name: 'authority_multisig', value: (f) => flag(f.authority === 'multisig') },
  { name: 'authority_governor_timelock', value: (f) => flag(f.authority === 'governor_timelock') },
  { name: 'authority_governor_no_timelock', value: (f) => flag(f.authority === 'governor_no_timelock') },
  { name: 'authority_timelock_only', value: (f) => flag(f.authority === 'timelock_only') },
  { name: 'authority_unknown', value: (f) => flag(f.authority === 'unknown' || f.authority === null) },
  { name: 'multisig_signers_required', value: (f) => signers(f)?.threshold ?? null },
  {
    name: 'multisig_signer_share',
    value: (f) => {
      const s = signers(f);
      return s ? s.threshold / s.owners : null;
    },
  },
  { name: 'multisig_missing', value: (f) => flag(signers(f) === null) },
  ...numeric('timelock_delay_hours', (f) => f.timelockDelayHours),
  ...boolean('governance_bypassed', (f) => f.governanceBypassed),
  ...numeric('contract_age_days', (f) => f.contractAgeDays),
  ...boolean('audited_change', (f) => f.audited),
];

/** Feature names in vector order (the model file records them and must match). */
export const FEATURE_NAMES: readonly string[] = SPECS.map((s) => s.name);

export interface FeatureVector {
  values: number[];
  /** Per feature: the fact was unknown and `values[i]` is {@link IMPUTED}. */
  imputed: boolean[];
}

/**
 * Turns facts (a CSV row's, or live ones from enrichment) into the model's fixed numeric vector.
 * Unknown facts are imputed and flagged, never rejected.
 *
 * @example featureVector({ ...facts, authority: 'eoa' }).values[FEATURE_NAMES.indexOf('authority_eoa')] // 1
 */
export function featureVector(facts: UpgradeFacts): FeatureVector {
  const raw = SPECS.map((s) => s.value(facts));
  return { values: raw.map((v) => v ?? IMPUTED), imputed: raw.map((v) => v === null) };
}
