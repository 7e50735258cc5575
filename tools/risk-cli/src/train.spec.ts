import { readFileSync } from 'fs';
import { join } from 'path';
import { readUpgradeRows } from '@pum/risk-model';
import { DEFAULT_HYPER_PARAMETERS, fitForest, serializeModel, trainingSet, trainModel } from './train';

const ROOT = join(__dirname, '../../..');
const DATA = 'data/risk/upgrade-incidents.csv';
const text = readFileSync(join(ROOT, DATA), 'utf8');
const rows = readUpgradeRows(text, { requireLabel: true });

describe('trainModel', () => {
  it('is deterministic: training twice gives byte-identical files, equal to the committed model', () => {
    const first = serializeModel(trainModel(rows, text, DATA));
    const second = serializeModel(trainModel(rows, text, DATA));
    expect(second).toBe(first);
    expect(readFileSync(join(ROOT, 'libs/risk-model/model/upgrade-risk-model.v1.json'), 'utf8')).toBe(first);
  });

  it('changes with the seed (the seed is really used)', () => {
    const other = serializeModel(trainModel(rows, text, DATA, { ...DEFAULT_HYPER_PARAMETERS, seed: 7 }));
    expect(other).not.toBe(serializeModel(trainModel(rows, text, DATA)));
  });

  it('converts every tree faithfully: each converted leaf votes as the library tree does', () => {
    const set = trainingSet(rows);
    const sut = fitForest(set, { ...DEFAULT_HYPER_PARAMETERS, nEstimators: 30 });
    const votes = sut.library.predictionValues(set.x); // rows × trees, the library's per-tree class
    set.x.forEach((x, r) => {
      sut.trees.forEach((tree, t) => {
        let node = tree;
        while (node.kind === 'split') node = x[node.feature] < node.threshold ? node.left : node.right;
        // ml-cart picks the first largest class share, so a 0.5 tie votes benign
        expect([r, t, node.p > 0.5 ? 1 : 0]).toEqual([r, t, votes.get(r, t)]);
      });
    });
  });

  it('records the data hash, counts and base rate', () => {
    const sut = trainModel(rows, text, DATA);
    expect(sut.trainingData).toEqual({ path: DATA, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 62, incidents: 23, benign: 39 });
    expect(sut.baseRate).toBeCloseTo(23 / 62, 12);
    expect(sut.trees.every((t) => Math.abs(t.p - 23 / 62) < 1e-12)).toBe(true);
  });
});
