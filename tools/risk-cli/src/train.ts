import { createHash } from 'crypto';
import { RandomForestClassifier } from 'ml-random-forest';
import {
  FEATURE_NAMES,
  featureVector,
  type ForestNode,
  type HyperParameters,
  type UpgradeRiskModel,
  type UpgradeRow,
} from '@pum/risk-model';

export const MODEL_VERSION = 'upgrade-risk-rf-v1';

/**
 * Fixed before any evaluation and kept small for 62 rows: shallow trees (depth 4, leaves of at
 * least 3 rows) and half of the features per tree, so no single blank-indicator dominates.
 */
export const DEFAULT_HYPER_PARAMETERS: HyperParameters = {
  nEstimators: 200,
  maxFeatures: 0.5,
  replacement: false,
  useSampleBagging: true,
  seed: 20241231,
  maxDepth: 4,
  minNumSamples: 3,
  gainThreshold: 0.01,
};

/** The shape of an ml-cart node after training (the library's types do not describe it). */
interface CartNode {
  splitColumn?: number;
  splitValue?: number;
  left?: CartNode;
  right?: CartNode;
  distribution?: { columns: number; get(row: number, column: number): number };
}

/** Trained forest internals read for conversion (present after `train`, untyped by the library). */
interface TrainedForest {
  estimators: { root: CartNode }[];
  indexes: number[][];
}

export interface TrainingSet {
  x: number[][];
  /** 1 incident, 0 benign. */
  y: number[];
}

export function trainingSet(rows: readonly UpgradeRow[]): TrainingSet {
  return {
    x: rows.map((r) => featureVector(r.facts).values),
    y: rows.map((r) => {
      if (r.label === null) throw new Error(`row ${r.id} (line ${r.line}) has no label`);
      return r.label === 'incident' ? 1 : 0;
    }),
  };
}

function share(y: readonly number[], rows: readonly number[]): number {
  return rows.reduce((sum, i) => sum + y[i], 0) / rows.length;
}

/**
 * Converts one trained ml-cart tree into the model file's nodes: features mapped back to the
 * full vector, and each split node given the incident share of the training rows that reach it
 * (the library keeps class shares only at leaves; the path contributions need them at every node).
 */
function convertTree(node: CartNode, columns: readonly number[], set: TrainingSet, rows: number[], parentP: number): ForestNode {
  const p = rows.length > 0 ? share(set.y, rows) : parentP;
  if (node.left && node.right && node.splitColumn !== undefined && node.splitValue !== undefined) {
    const feature = columns[node.splitColumn];
    const threshold = node.splitValue;
    const left = rows.filter((i) => set.x[i][feature] < threshold);
    const right = rows.filter((i) => !(set.x[i][feature] < threshold));
    return {
      kind: 'split',
      feature,
      threshold,
      p,
      left: convertTree(node.left, columns, set, left, p),
      right: convertTree(node.right, columns, set, right, p),
    };
  }
  const d = node.distribution;
  if (!d) throw new Error('ml-cart leaf without a class distribution');
  // a leaf whose bootstrap rows were all benign has a one-column distribution; the shares are
  // sums of 1/n, so normalise them (a 2-2 leaf is exactly 0.5, not 0.5000000000000001)
  return { kind: 'leaf', p: d.columns > 1 ? d.get(0, 1) / (d.get(0, 0) + d.get(0, 1)) : 0 };
}

export interface FittedForest {
  trees: ForestNode[];
  /** ml-random-forest's own importance (gain-based), per feature. */
  importance: number[];
  /** The library's object, for cross-checks in tests. */
  library: RandomForestClassifier;
}

/** Fits the Random Forest (deterministic for a given seed) and converts its trees. */
export function fitForest(set: TrainingSet, hyper: HyperParameters = DEFAULT_HYPER_PARAMETERS): FittedForest {
  const library = new RandomForestClassifier({
    nEstimators: hyper.nEstimators,
    maxFeatures: hyper.maxFeatures,
    replacement: hyper.replacement,
    useSampleBagging: hyper.useSampleBagging,
    seed: hyper.seed,
    noOOB: true,
    treeOptions: { maxDepth: hyper.maxDepth, minNumSamples: hyper.minNumSamples, gainThreshold: hyper.gainThreshold },
  });
  library.train(set.x, set.y);
  const trained = library as unknown as TrainedForest;
  const all = set.y.map((_, i) => i);
  const trees = trained.estimators.map((est, t) => convertTree(est.root, trained.indexes[t], set, all, share(set.y, all)));
  const importance = (library as unknown as { featureImportance(): number[] }).featureImportance();
  return { trees, importance, library };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Trains the versioned model from the labelled rows of `csvText` (hashed into the file, so a
 * model names the exact data it came from).
 */
export function trainModel(rows: readonly UpgradeRow[], csvText: string, dataPath: string, hyper = DEFAULT_HYPER_PARAMETERS): UpgradeRiskModel {
  const set = trainingSet(rows);
  const { trees } = fitForest(set, hyper);
  const incidents = set.y.reduce((a, b) => a + b, 0);
  return {
    format: 'pum-upgrade-risk-model',
    modelVersion: MODEL_VERSION,
    featureNames: [...FEATURE_NAMES],
    positiveLabel: 'incident',
    trainingData: { path: dataPath, sha256: sha256(csvText), rows: rows.length, incidents, benign: rows.length - incidents },
    hyperParameters: hyper,
    baseRate: incidents / rows.length,
    trees,
  };
}

/**
 * The model file's text: one key per line and one tree per line, so it stays readable and a diff
 * shows what changed; the same model always gives the same bytes.
 */
export function serializeModel(model: UpgradeRiskModel): string {
  const entries = Object.entries(model).map(([key, value]) =>
    key === 'trees'
      ? `  "trees": [\n${(value as ForestNode[]).map((t) => `    ${JSON.stringify(t)}`).join(',\n')}\n  ]`
      : `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return `{\n${entries.join(',\n')}\n}\n`;
}
