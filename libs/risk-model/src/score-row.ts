import type { FeatureVector } from './features';
import type { ForestNode, UpgradeRiskModel } from './risk-model';

export interface FeatureContribution {
  feature: string;
  /** The fact's value in the vector; `null` when it was unknown (imputed). */
  value: number | null;
  /** Change in incident probability this feature caused for this assessment. */
  contribution: number;
}

export interface RowScore {
  /** Mean over trees of the leaf's incident share (soft vote). */
  probability: number;
  /** Mean over trees of the root's incident share: the training base rate. */
  baseRate: number;
  /** One per feature, in feature order; they sum to `probability - baseRate`. */
  contributions: FeatureContribution[];
}

/**
 * Probability of an incident and each feature's part in it. Contributions are path-based
 * (Saabas): walking a tree from the root to the row's leaf, each split moves the incident share
 * from the node's to the child's, and that change is credited to the split's feature; averaged
 * over trees, they add up exactly to `probability - baseRate`. Written by hand because
 * ml-random-forest exposes neither decision paths nor soft-vote probabilities (its
 * `predictProbability` counts hard votes), and the model file holds every node's share for this.
 *
 * @example scoreRow(model, featureVector(facts)).probability // 0.62
 */
export function scoreRow(model: UpgradeRiskModel, features: FeatureVector): RowScore {
  const x = features.values;
  if (x.length !== model.featureNames.length) {
    throw new RangeError(`${x.length} feature values for a model of ${model.featureNames.length} features`);
  }
  const sums = new Array<number>(x.length).fill(0);
  let probability = 0;
  let baseRate = 0;
  for (const tree of model.trees) {
    baseRate += tree.p;
    let node: ForestNode = tree;
    while (node.kind === 'split') {
      // same routing as ml-cart: strictly below the threshold goes left
      const child: ForestNode = x[node.feature] < node.threshold ? node.left : node.right;
      sums[node.feature] += child.p - node.p;
      node = child;
    }
    probability += node.p;
  }
  const n = model.trees.length;
  return {
    probability: probability / n,
    baseRate: baseRate / n,
    contributions: model.featureNames.map((feature, i) => ({
      feature,
      value: features.imputed[i] ? null : x[i],
      contribution: sums[i] / n,
    })),
  };
}
