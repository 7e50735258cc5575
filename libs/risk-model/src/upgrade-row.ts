import { CsvError, parseCsv } from './csv';

export const ACTION_KINDS = [
  'implementation_upgrade',
  'admin_change',
  'owner_change',
  'multisig_change',
  'governance_proposal',
  'initialization',
  'beacon_upgrade',
  'diamond_cut',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const AUTHORITIES = ['eoa', 'multisig', 'governor_timelock', 'governor_no_timelock', 'timelock_only', 'unknown'] as const;
export type Authority = (typeof AUTHORITIES)[number];

/**
 * What a monitor knows about an action BEFORE it executes — the only input of the model.
 * `null` means not known (a blank cell, or a fact enrichment could not establish).
 */
export interface UpgradeFacts {
  action: ActionKind | null;
  authority: Authority | null;
  /** `m` of `n` signers, for a multisig authority. */
  multisig: { threshold: number; owners: number } | null;
  timelockDelayHours: number | null;
  /** The action skips the protocol's normal governance path (known beforehand). */
  governanceBypassed: boolean | null;
  contractAgeDays: number | null;
  audited: boolean | null;
}

export type Label = 'incident' | 'benign';

/** One row of `data/risk/upgrade-incidents.csv` (or a file in its format), reduced to what the model may use. */
export interface UpgradeRow {
  id: string;
  line: number;
  protocol: string | null;
  facts: UpgradeFacts;
  /** Absent in files to be scored. */
  label: Label | null;
}

/** Columns a monitor cannot know before the action executes; read by no feature (see features.ts). */
export const HINDSIGHT_COLUMNS = ['label', 'loss_usd', 'evidence', 'source_url', 'key_compromise'] as const;

const NUMBER = /^\d+(\.\d+)?$/;

function oneOf<T extends string>(values: readonly T[], raw: string, column: string, line: number): T | null {
  if (raw === '') return null;
  const value = values.find((v) => v === raw);
  if (value === undefined) throw new CsvError(line, `column '${column}': '${raw}' is not one of ${values.join(', ')}`);
  return value;
}

function nonNegative(raw: string, column: string, line: number): number | null {
  if (raw === '') return null;
  if (!NUMBER.test(raw)) throw new CsvError(line, `column '${column}': '${raw}' is not a non-negative number`);
  return Number(raw);
}

function bool(raw: string, column: string, line: number): boolean | null {
  if (raw === '') return null;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new CsvError(line, `column '${column}': '${raw}' is not true or false`);
}

function threshold(raw: string, line: number): UpgradeFacts['multisig'] {
  if (raw === '') return null;
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  const m = match ? Number(match[1]) : NaN;
  const n = match ? Number(match[2]) : NaN;
  if (!(m >= 1 && m <= n)) throw new CsvError(line, `column 'multisig_threshold': '${raw}' is not m/n with 1 <= m <= n`);
  return { threshold: m, owners: n };
}

/**
 * Reads a file in the data set's format. Only `id` is required; a feature column that is absent is
 * blank in every row, and columns the model does not use (label, sources …) may be left out.
 * A bad cell or a malformed file throws a {@link CsvError} naming the line.
 *
 * @example readUpgradeRows('id,authority\nX1,eoa\n')[0].facts.authority // 'eoa'
 */
export function readUpgradeRows(text: string, options: { requireLabel: boolean }): UpgradeRow[] {
  const { header, records } = parseCsv(text);
  const index = new Map(header.map((name, i) => [name, i]));
  if (!index.has('id')) throw new CsvError(1, `the header has no 'id' column (header: ${header.join(', ')})`);
  if (options.requireLabel && !index.has('label')) throw new CsvError(1, `the header has no 'label' column`);
  const seen = new Map<string, number>();
  return records.map(({ line, cells }) => {
    const cell = (column: string): string => {
      const i = index.get(column);
      return i === undefined ? '' : cells[i].trim();
    };
    const id = cell('id');
    if (id === '') throw new CsvError(line, `column 'id' is blank`);
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new CsvError(line, `id '${id}' already used on line ${earlier}`);
    seen.set(id, line);
    const label = oneOf(['incident', 'benign'] as const, cell('label'), 'label', line);
    if (options.requireLabel && label === null) throw new CsvError(line, `column 'label' is blank`);
    return {
      id,
      line,
      protocol: cell('protocol') || null,
      label,
      facts: {
        action: oneOf(ACTION_KINDS, cell('action'), 'action', line),
        authority: oneOf(AUTHORITIES, cell('authority'), 'authority', line),
        multisig: threshold(cell('multisig_threshold'), line),
        timelockDelayHours: nonNegative(cell('timelock_delay_hours'), 'timelock_delay_hours', line),
        governanceBypassed: bool(cell('governance_bypassed'), 'governance_bypassed', line),
        contractAgeDays: nonNegative(cell('time_from_deploy_to_action_days'), 'time_from_deploy_to_action_days', line),
        audited: bool(cell('audited_change'), 'audited_change', line),
      },
    };
  });
}
