import { readFileSync } from 'fs';
import { join } from 'path';
import { FEATURE_NAMES, featureVector, IMPUTED } from './features';
import { CsvError } from './csv';
import { HINDSIGHT_COLUMNS, readUpgradeRows, type UpgradeFacts } from './upgrade-row';

const BLANK: UpgradeFacts = {
  action: null,
  authority: null,
  multisig: null,
  timelockDelayHours: null,
  governanceBypassed: null,
  contractAgeDays: null,
  audited: null,
};
const DATA = join(__dirname, '../../../data/risk/upgrade-incidents.csv');

function value(facts: UpgradeFacts, name: string): number {
  const i = FEATURE_NAMES.indexOf(name);
  if (i < 0) throw new Error(`no feature ${name}`);
  return featureVector(facts).values[i];
}

describe('featureVector', () => {
  it('scores an action with no known fact: every numeric feature imputed and flagged missing', () => {
    const sut = featureVector(BLANK);
    expect(sut.values).toHaveLength(FEATURE_NAMES.length);
    for (const name of ['timelock_delay_hours', 'contract_age_days', 'multisig_signers_required', 'governance_bypassed', 'audited_change']) {
      expect([name, value(BLANK, name)]).toEqual([name, IMPUTED]);
      expect([name, value(BLANK, `${name === 'multisig_signers_required' ? 'multisig' : name}_missing`)]).toEqual([name, 1]);
    }
    expect(value(BLANK, 'authority_unknown')).toBe(1);
    expect(value(BLANK, 'action_missing')).toBe(1);
    expect(sut.imputed[FEATURE_NAMES.indexOf('timelock_delay_hours')]).toBe(true);
  });

  it('keeps known facts and clears their missing indicator', () => {
    const facts: UpgradeFacts = { ...BLANK, authority: 'multisig', multisig: { threshold: 3, owners: 5 }, timelockDelayHours: 48, contractAgeDays: 0 };
    expect(value(facts, 'multisig_signers_required')).toBe(3);
    expect(value(facts, 'multisig_signer_share')).toBeCloseTo(0.6);
    expect(value(facts, 'multisig_missing')).toBe(0);
    expect(value(facts, 'timelock_delay_hours')).toBe(48);
    expect(value(facts, 'timelock_delay_hours_missing')).toBe(0);
    expect(value(facts, 'contract_age_days')).toBe(0);
    expect(value(facts, 'authority_multisig')).toBe(1);
    expect(value(facts, 'authority_unknown')).toBe(0);
  });

  it('treats an EOA as a 1-of-1 signer', () => {
    const facts: UpgradeFacts = { ...BLANK, authority: 'eoa' };
    expect([value(facts, 'multisig_signers_required'), value(facts, 'multisig_signer_share'), value(facts, 'multisig_missing')]).toEqual([1, 1, 0]);
  });

  it('never reads a hindsight column: label, loss, evidence, source and key compromise change nothing', () => {
    const header = 'id,authority,timelock_delay_hours,label,loss_usd,evidence,source_url,key_compromise';
    const [a, b] = readUpgradeRows(`${header}\nA,eoa,0,incident,190000000,drained,https://x,true\nB,eoa,0,benign,0,fine,https://y,false\n`, {
      requireLabel: true,
    });
    expect(featureVector(a.facts)).toEqual(featureVector(b.facts));
    for (const column of HINDSIGHT_COLUMNS) expect(FEATURE_NAMES.some((n) => n.includes(column))).toBe(false);
  });
});

describe('readUpgradeRows', () => {
  it('reads the whole data set: 62 labelled rows', () => {
    const sut = readUpgradeRows(readFileSync(DATA, 'utf8'), { requireLabel: true });
    expect(sut).toHaveLength(62);
    expect(sut.filter((r) => r.label === 'incident')).toHaveLength(23);
    expect(sut.find((r) => r.id === 'I09')?.facts.multisig).toEqual({ threshold: 2, owners: 5 });
  });

  it('accepts a file with only some feature columns and no label', () => {
    const [sut] = readUpgradeRows('id,authority\nX1,\n', { requireLabel: false });
    expect(sut.facts).toEqual(BLANK);
    expect(sut.label).toBeNull();
  });

  it.each([
    ['id,authority\nX1,god\n', /^line 2: column 'authority': 'god' is not one of/],
    ['id,multisig_threshold\nX1,6/5\n', /^line 2: column 'multisig_threshold': '6\/5'/],
    ['id,timelock_delay_hours\nX1,2 days\n', /^line 2: column 'timelock_delay_hours': '2 days' is not a non-negative number/],
    ['id,governance_bypassed\nX1,yes\n', /^line 2: column 'governance_bypassed': 'yes' is not true or false/],
    ['id\nX1\nX1\n', /^line 3: id 'X1' already used on line 2/],
    ['authority\neoa\n', /^line 1: the header has no 'id' column/],
  ])('rejects %j naming the line', (text, message) => {
    expect(() => readUpgradeRows(text, { requireLabel: false })).toThrow(CsvError);
    expect(() => readUpgradeRows(text, { requireLabel: false })).toThrow(message);
  });

  it('requires a label when training', () => {
    expect(() => readUpgradeRows('id,label\nX1,\n', { requireLabel: true })).toThrow(/^line 2: column 'label' is blank/);
  });
});
