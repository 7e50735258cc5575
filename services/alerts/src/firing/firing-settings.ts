import type { AlertsConfig } from '../config';

export const FIRING_SETTINGS = Symbol('FIRING_SETTINGS');

/** How long evaluation state is kept and how often timers are due (from ALERTS_* config). */
export interface FiringSettings {
  /** Price and TVL points older than this before their series' latest are deleted. */
  marketRetainSeconds: number;
  /** How often due ETA timers are looked for. */
  timerIntervalMs: number;
}

export function firingSettings(config: AlertsConfig): FiringSettings {
  return { marketRetainSeconds: config.ALERTS_MARKET_RETAIN_DAYS * 86_400, timerIntervalMs: config.ALERTS_TIMER_INTERVAL_MS };
}
