import { FEATURE_NAMES } from './features';

/** A tree node with `p`, the share of incidents among the training rows that reach it. */
export type ForestNode =
  | { kind: 'split'; feature: number; threshold: number; p: number; left: ForestNode; right: ForestNode }
  | { kind: 'leaf'; p: number };

export interface HyperParameters {
  nEstimators: number;
  /** Share of the features each tree sees (ml-random-forest samples them per tree, not per split). */
  maxFeatures: number;
  replacement: boolean;
  useSampleBagging: boolean;
  seed: number;
  maxDepth: number;
  minNumSamples: number;
  gainThreshold: number;
}

/** The versioned model file (`libs/risk-model/model/upgrade-risk-model.v1.json`). */
export interface UpgradeRiskModel {
  format: 'pum-upgrade-risk-model';
  /** Part of every assessment: a new model re-assesses. */
  modelVersion: string;
  featureNames: string[];
  positiveLabel: 'incident';
  trainingData: { path: string; sha256: string; rows: number; incidents: number; benign: number };
  hyperParameters: HyperParameters;
  /** Share of incidents in the training data: the prediction before any feature is looked at. */
  baseRate: number;
  trees: ForestNode[];
}

/** The model file does not fit this code (wrong format, or features that differ from features.ts). */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

/**
 * Checks a parsed model file against this code: the format tag and the exact feature list, so a
 * model is never applied to vectors it was not trained on.
 */
export function parseModel(json: unknown): UpgradeRiskModel {
  const m = json as Partial<UpgradeRiskModel> | null;
  if (m === null || typeof m !== 'object' || m.format !== 'pum-upgrade-risk-model') {
    throw new ModelFormatError(`not an upgrade risk model file (format must be 'pum-upgrade-risk-model')`);
  }
  if (typeof m.modelVersion !== 'string' || !Array.isArray(m.trees) || m.trees.length === 0 || typeof m.baseRate !== 'number') {
    throw new ModelFormatError(`model file lacks modelVersion, trees or baseRate`);
  }
  const names = m.featureNames ?? [];
  if (names.length !== FEATURE_NAMES.length || names.some((n, i) => n !== FEATURE_NAMES[i])) {
    throw new ModelFormatError(
      `model ${m.modelVersion} was trained on features [${names.join(', ')}], this code computes [${FEATURE_NAMES.join(', ')}]: retrain it`,
    );
  }
  return m as UpgradeRiskModel;
}
