import { leaveOneGroupOut, stratifiedKFold } from './folds';
import { atThreshold, rocAuc } from './metrics';
import { protocolFamily } from './evaluate';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 for ties', () => {
    expect(rocAuc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9], [1, 1, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(rocAuc([0.3, 0.7, 0.5, 0.2], [1, 1, 0, 0])).toBe(0.75);
    expect(rocAuc([0.3], [1])).toBeNull();
  });
});

describe('atThreshold', () => {
  it('counts rows at or above the threshold as flagged', () => {
    expect(atThreshold([0.5, 0.4, 0.9, 0.6], [1, 1, 0, 0], 0.5)).toEqual({
      threshold: 0.5,
      truePositives: 1,
      falsePositives: 2,
      falseNegatives: 1,
      precision: 1 / 3,
      recall: 0.5,
    });
  });
});

describe('stratifiedKFold', () => {
  it('uses every row once and spreads each class evenly, reproducibly per seed', () => {
    const labels = [...Array(10).fill(1), ...Array(15).fill(0)];
    const sut = stratifiedKFold(labels, 5, 3);
    expect(sut.flat().sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    for (const fold of sut) expect(fold.filter((i) => labels[i] === 1)).toHaveLength(2);
    expect(stratifiedKFold(labels, 5, 3)).toEqual(sut);
    expect(stratifiedKFold(labels, 5, 4)).not.toEqual(sut);
  });
});

describe('leaveOneGroupOut and protocolFamily', () => {
  it('groups rows of one protocol family together', () => {
    const families = ['Arbitrum One', 'Arbitrum DAO Security Council', 'ZK Stack / ZKsync Era', 'ZKsync Era', 'Compound'].map(protocolFamily);
    expect(families).toEqual(['arbitrum', 'arbitrum', 'zksync', 'zksync', 'compound']);
    expect(leaveOneGroupOut(families)).toEqual([
      { group: 'arbitrum', test: [0, 1] },
      { group: 'compound', test: [4] },
      { group: 'zksync', test: [2, 3] },
    ]);
  });
});
