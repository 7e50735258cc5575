import { readFileSync } from 'fs';
import { join } from 'path';
import { assess, riskLevel } from './assess';
import { FEATURE_NAMES, featureVector } from './features';
import { parseModel, type UpgradeRiskModel } from './risk-model';
import { scoreRow } from './score-row';
import { readUpgradeRows } from './upgrade-row';

const ROOT = join(__dirname, '../../..');
const model = parseModel(JSON.parse(readFileSync(join(ROOT, 'libs/risk-model/model/upgrade-risk-model.v1.json'), 'utf8')));
const rows = readUpgradeRows(readFileSync(join(ROOT, 'data/risk/upgrade-incidents.csv'), 'utf8'), { requireLabel: true });

/** Two hand-built trees over the real feature vector, to check the path arithmetic exactly. */
function tinyModel(): UpgradeRiskModel {
  const eoa = FEATURE_NAMES.indexOf('authority_eoa');
  const delay = FEATURE_NAMES.indexOf('timelock_delay_hours');
  return {
    ...model,
    trees: [
      {
        kind: 'split',
        feature: eoa,
        threshold: 0.5,
        p: 0.4,
        left: { kind: 'split', feature: delay, threshold: 24, p: 0.2, left: { kind: 'leaf', p: 0.5 }, right: { kind: 'leaf', p: 0.1 } },
        right: { kind: 'leaf', p: 0.9 },
      },
      { kind: 'leaf', p: 0.4 },
    ],
  };
}

describe('scoreRow', () => {
  it('credits each split to its feature along the decision path (Saabas)', () => {
    const blank = { action: null, authority: null, multisig: null, timelockDelayHours: 2, governanceBypassed: null, contractAgeDays: null, audited: null };
    const sut = scoreRow(tinyModel(), featureVector(blank));
    expect(sut.probability).toBeCloseTo((0.5 + 0.4) / 2, 12);
    expect(sut.baseRate).toBeCloseTo(0.4, 12);
    const c = (name: string) => sut.contributions.find((x) => x.feature === name)?.contribution;
    expect(c('authority_eoa')).toBeCloseTo((0.2 - 0.4) / 2, 12);
    expect(c('timelock_delay_hours')).toBeCloseTo((0.5 - 0.2) / 2, 12);
    expect(c('contract_age_days')).toBe(0);
  });

  it('contributions sum to probability minus base rate for every row of the data set', () => {
    for (const row of rows) {
      const sut = scoreRow(model, featureVector(row.facts));
      const sum = sut.contributions.reduce((s, c) => s + c.contribution, 0);
      expect([row.id, sum]).toEqual([row.id, expect.closeTo(sut.probability - sut.baseRate, 10)]);
      expect(sut.baseRate).toBeCloseTo(model.baseRate, 12);
    }
  });

  it('reports an unknown fact with value null', () => {
    const sut = scoreRow(model, featureVector(rows[0].facts));
    const i = FEATURE_NAMES.indexOf('multisig_signers_required');
    expect(rows[0].facts.multisig).toBeNull();
    expect(sut.contributions[i].value).toBeNull();
  });
});

describe('assess', () => {
  it('combines model probability and rule score with equal weights into a 0-100 score', () => {
    const sut = assess(model, rows[0].facts);
    expect(sut.score).toBe(Math.round(100 * (sut.probability + sut.ruleScore) / 2));
    expect(sut.modelVersion).toBe('upgrade-risk-rf-v1');
    expect(sut.topFactors.every((f, i, all) => i === 0 || Math.abs(all[i - 1].contribution) >= Math.abs(f.contribution))).toBe(true);
  });

  it('grades levels at 25, 50 and 75', () => {
    expect([0, 24, 25, 49, 50, 74, 75, 100].map(riskLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
  });
});

describe('parseModel', () => {
  it('refuses a model trained on other features', () => {
    expect(() => parseModel({ ...model, featureNames: FEATURE_NAMES.slice(1) })).toThrow(/retrain it/);
    expect(() => parseModel({ format: 'other' })).toThrow(/not an upgrade risk model/);
  });
});
