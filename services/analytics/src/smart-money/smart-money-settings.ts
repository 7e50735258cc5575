import type { SmartMoneyClassifier } from '@pum/dex-analytics';

export const SMART_MONEY_SETTINGS = Symbol('SMART_MONEY_SETTINGS');

export interface SmartMoneySettings {
  /** What ranks traders: the trained classifier, or null for the documented score (`SMART_MONEY_RANKER=score`). */
  classifier: SmartMoneyClassifier | null;
  /** Traders per ranking. */
  top: number;
  /** At most one publishing round per interval: the rankings due are published together. */
  publishIntervalMs: number;
}
