import {
  FEATURE_NAMES,
  OPERATING_THRESHOLD,
  DEFAULT_WEIGHTS,
  ruleScore,
  scoreRow,
  type ForestNode,
  type HyperParameters,
  type UpgradeRiskModel,
  type UpgradeRow,
} from '@pum/risk-model';
import { leaveOneGroupOut, stratifiedKFold } from './folds';
import { atThreshold, rocAuc, type AtThreshold } from './metrics';
import { DEFAULT_HYPER_PARAMETERS, fitForest, trainingSet, type TrainingSet } from './train';

export const K = 5;
/** Seeds of the repeated stratified k-fold (fixed, so the figures reproduce). */
export const REPEAT_SEEDS = [1, 2, 3, 4, 5];

/**
 * Protocol families of rollups (L2s): the bulk of the benign rows comes from L2BEAT's records of
 * them, which is the bias the data README warns about.
 */
export const ROLLUP_FAMILIES = ['arbitrum', 'base', 'blast', 'linea', 'mantle', 'op', 'polygon', 'scroll', 'starknet', 'taiko', 'zksync'];

/** Features that say only whether a fact was known (the researchers' blanks). */
export const MISSINGNESS_FEATURES = FEATURE_NAMES.filter((n) => n.endsWith('_missing') || n === 'authority_unknown');

/**
 * The protocol a row belongs to for leave-one-protocol-out: the first word of its name, lower
 * case ("Arbitrum One" and "Arbitrum DAO Security Council" are one protocol; "ZK Stack" is ZKsync).
 */
export function protocolFamily(protocol: string | null): string {
  const first = (protocol ?? 'unknown').toLowerCase().split(/[\s/(]+/)[0];
  return first === 'zk' ? 'zksync' : first;
}

export interface MethodFigures {
  auc: number | null;
  atThreshold: AtThreshold;
}

export interface EvaluationReport {
  data: { rows: number; incidents: number; benign: number; protocols: number };
  hyperParameters: HyperParameters;
  operatingThreshold: number;
  weights: { model: number; rules: number };
  stratifiedKFold: {
    k: number;
    seeds: number[];
    /** AUC of each repeat (pooled out-of-fold predictions of that repeat). */
    modelAucByRepeat: (number | null)[];
    combinedAucByRepeat: (number | null)[];
    /** Mean over repeats; precision/recall pooled over all repeats. */
    model: MethodFigures;
    combined: MethodFigures;
    rule: MethodFigures;
  };
  leaveOneProtocolOut: { folds: number; model: MethodFigures; combined: MethodFigures; rule: MethodFigures };
  rollupBias: {
    rollupFamilies: string[];
    benignRollupRows: number;
    benignOtherRows: number;
    /** Mean leave-one-protocol-out probability of benign rollup rows vs the other benign rows. */
    meanProbabilityBenignRollup: number;
    meanProbabilityBenignOther: number;
    /** Leave-one-protocol-out AUC on the rows that are not rollups (incidents vs non-rollup benign). */
    nonRollup: { model: number | null; rule: number | null; combined: number | null };
  };
  /** A forest on the missing-value indicators alone: how much skill the blanks carry by themselves. */
  missingnessOnly: { features: string[]; stratifiedKFoldAuc: number | null; leaveOneProtocolOutAuc: number | null };
  /** ml-random-forest's gain importance of the model trained on all rows, largest first. */
  importance: { feature: string; importance: number }[];
}

function modelOf(trees: ForestNode[], featureNames: readonly string[]): UpgradeRiskModel {
  return {
    format: 'pum-upgrade-risk-model',
    modelVersion: 'cv',
    featureNames: [...featureNames],
    positiveLabel: 'incident',
    trainingData: { path: '', sha256: '', rows: 0, incidents: 0, benign: 0 },
    hyperParameters: DEFAULT_HYPER_PARAMETERS,
    baseRate: trees[0]?.p ?? 0,
    trees,
  };
}

function subset(set: TrainingSet, rows: readonly number[]): TrainingSet {
  return { x: rows.map((i) => set.x[i]), y: rows.map((i) => set.y[i]) };
}

/** Out-of-fold probabilities: each fold's rows scored by a forest trained on the other rows. */
function outOfFold(set: TrainingSet, folds: readonly number[][], featureNames: readonly string[], hyper: HyperParameters): number[] {
  const out = new Array<number>(set.y.length).fill(NaN);
  for (const test of folds) {
    const inTest = new Set(test);
    const train = set.y.map((_, i) => i).filter((i) => !inTest.has(i));
    const model = modelOf(fitForest(subset(set, train), hyper).trees, featureNames);
    for (const i of test) out[i] = scoreRow(model, { values: set.x[i], imputed: set.x[i].map(() => false) }).probability;
  }
  return out;
}

function figures(scores: readonly number[], labels: readonly number[]): MethodFigures {
  return { auc: rocAuc(scores, labels), atThreshold: atThreshold(scores, labels, OPERATING_THRESHOLD) };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function combine(model: readonly number[], rule: readonly number[]): number[] {
  const w = DEFAULT_WEIGHTS;
  return model.map((p, i) => (w.model * p + w.rules * rule[i]) / (w.model + w.rules));
}

/**
 * Cross-validates model, rule and their combination on labelled rows: stratified k-fold repeated
 * with fixed seeds, and leave-one-protocol-out; then the rollup-bias and missingness checks.
 */
export function evaluate(rows: readonly UpgradeRow[], hyper: HyperParameters = DEFAULT_HYPER_PARAMETERS): EvaluationReport {
  const set = trainingSet(rows);
  const y = set.y;
  const rule = rows.map((r) => ruleScore(r.facts).score);
  const families = rows.map((r) => protocolFamily(r.protocol));
  const missingColumns = MISSINGNESS_FEATURES.map((n) => FEATURE_NAMES.indexOf(n));
  const missingSet: TrainingSet = { x: set.x.map((v) => missingColumns.map((c) => v[c])), y };

  const repeats = REPEAT_SEEDS.map((seed) => {
    const folds = stratifiedKFold(y, K, seed);
    const model = outOfFold(set, folds, FEATURE_NAMES, hyper);
    const missing = outOfFold(missingSet, folds, MISSINGNESS_FEATURES, hyper);
    return { model, combined: combine(model, rule), missing };
  });
  const pooledLabels = repeats.flatMap(() => y);
  const kfoldModelAuc = repeats.map((r) => rocAuc(r.model, y));
  const kfoldCombinedAuc = repeats.map((r) => rocAuc(r.combined, y));
  const meanAuc = (aucs: (number | null)[]) => mean(aucs.map((a) => a ?? NaN));

  const lopoFolds = leaveOneGroupOut(families).map((g) => g.test);
  const lopoModel = outOfFold(set, lopoFolds, FEATURE_NAMES, hyper);
  const lopoCombined = combine(lopoModel, rule);
  const lopoMissing = outOfFold(missingSet, lopoFolds, MISSINGNESS_FEATURES, hyper);

  const isRollup = families.map((f) => ROLLUP_FAMILIES.includes(f));
  const benignRollup = rows.flatMap((_, i) => (y[i] === 0 && isRollup[i] ? [i] : []));
  const benignOther = rows.flatMap((_, i) => (y[i] === 0 && !isRollup[i] ? [i] : []));
  const nonRollup = rows.flatMap((_, i) => (!isRollup[i] ? [i] : []));
  const pick = (xs: readonly number[], idx: readonly number[]) => idx.map((i) => xs[i]);

  const full = fitForest(set, hyper);
  return {
    data: { rows: rows.length, incidents: y.filter((v) => v === 1).length, benign: y.filter((v) => v === 0).length, protocols: lopoFolds.length },
    hyperParameters: hyper,
    operatingThreshold: OPERATING_THRESHOLD,
    weights: DEFAULT_WEIGHTS,
    stratifiedKFold: {
      k: K,
      seeds: REPEAT_SEEDS,
      modelAucByRepeat: kfoldModelAuc,
      combinedAucByRepeat: kfoldCombinedAuc,
      model: { auc: meanAuc(kfoldModelAuc), atThreshold: atThreshold(repeats.flatMap((r) => r.model), pooledLabels, OPERATING_THRESHOLD) },
      combined: {
        auc: meanAuc(kfoldCombinedAuc),
        atThreshold: atThreshold(repeats.flatMap((r) => r.combined), pooledLabels, OPERATING_THRESHOLD),
      },
      // the rule is not trained: its out-of-fold score is its score
      rule: figures(rule, y),
    },
    leaveOneProtocolOut: { folds: lopoFolds.length, model: figures(lopoModel, y), combined: figures(lopoCombined, y), rule: figures(rule, y) },
    rollupBias: {
      rollupFamilies: ROLLUP_FAMILIES,
      benignRollupRows: benignRollup.length,
      benignOtherRows: benignOther.length,
      meanProbabilityBenignRollup: mean(pick(lopoModel, benignRollup)),
      meanProbabilityBenignOther: mean(pick(lopoModel, benignOther)),
      nonRollup: {
        model: rocAuc(pick(lopoModel, nonRollup), pick(y, nonRollup)),
        rule: rocAuc(pick(rule, nonRollup), pick(y, nonRollup)),
        combined: rocAuc(pick(lopoCombined, nonRollup), pick(y, nonRollup)),
      },
    },
    missingnessOnly: {
      features: MISSINGNESS_FEATURES,
      stratifiedKFoldAuc: meanAuc(repeats.map((r) => rocAuc(r.missing, y))),
      leaveOneProtocolOutAuc: rocAuc(lopoMissing, y),
    },
    importance: FEATURE_NAMES.map((feature, i) => ({ feature, importance: full.importance[i] })).sort(
      (a, b) => b.importance - a.importance || a.feature.localeCompare(b.feature),
    ),
  };
}

const f3 = (v: number | null): string => (v === null || Number.isNaN(v) ? 'n/a' : v.toFixed(3));
const pr = (t: AtThreshold): string =>
  `precision ${f3(t.precision)}  recall ${f3(t.recall)}  (TP ${t.truePositives}, FP ${t.falsePositives}, FN ${t.falseNegatives})`;

/** The report as the text `npm run -s risk -- evaluate` prints (docs/risk-model.md quotes it). */
export function formatReport(r: EvaluationReport): string {
  const kf = r.stratifiedKFold;
  const lo = r.leaveOneProtocolOut;
  const line = (name: string, m: MethodFigures) => `  ${name.padEnd(9)} AUC ${f3(m.auc)}   at ${r.operatingThreshold}: ${pr(m.atThreshold)}`;
  return [
    `data: ${r.data.rows} rows (${r.data.incidents} incidents, ${r.data.benign} benign), ${r.data.protocols} protocols`,
    `stratified ${kf.k}-fold, repeated with seeds ${kf.seeds.join(',')} (AUC: mean of repeats; precision/recall pooled):`,
    line('model', kf.model),
    line('rule', kf.rule),
    line('combined', kf.combined),
    `  model AUC by repeat: ${kf.modelAucByRepeat.map(f3).join(' ')}`,
    `leave-one-protocol-out (${lo.folds} folds):`,
    line('model', lo.model),
    line('rule', lo.rule),
    line('combined', lo.combined),
    `rollup bias (leave-one-protocol-out):`,
    `  mean model probability: benign rollup rows ${f3(r.rollupBias.meanProbabilityBenignRollup)} (n=${r.rollupBias.benignRollupRows}), other benign rows ${f3(r.rollupBias.meanProbabilityBenignOther)} (n=${r.rollupBias.benignOtherRows})`,
    `  AUC without rollup rows: model ${f3(r.rollupBias.nonRollup.model)}, rule ${f3(r.rollupBias.nonRollup.rule)}, combined ${f3(r.rollupBias.nonRollup.combined)}`,
    `missing-value indicators alone: stratified k-fold AUC ${f3(r.missingnessOnly.stratifiedKFoldAuc)}, leave-one-protocol-out AUC ${f3(r.missingnessOnly.leaveOneProtocolOutAuc)}`,
    `feature importance (model on all rows):`,
    ...r.importance.map((i) => `  ${i.feature.padEnd(32)} ${f3(i.importance)}`),
    '',
  ].join('\n');
}
