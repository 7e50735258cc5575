import type { AlertsConfig } from '../config';

export const FIRING_SETTINGS = Symbol('FIRING_SETTINGS');

/** How long evaluation state is kept (from ALERTS_* config). */
export interface FiringSettings {
  /** Price and TVL points older than this before their series' latest are deleted. */
  marketRetainSeconds: number;
}

export function firingSettings(config: AlertsConfig): FiringSettings {
  return { marketRetainSeconds: config.ALERTS_MARKET_RETAIN_DAYS * 86_400 };
}
