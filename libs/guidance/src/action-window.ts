export interface ActionWindowSettings {
  /** Lead time before the ETA for a position that moves the price by nothing. */
  baseLeadHours: number;
  /** Each `impactScaleBps` of the position's price impact adds one more base lead (time to split the exit). */
  impactScaleBps: number;
  maxLeadHours: number;
  /** How long after the ETA the risk lasts (the market settling, a failed upgrade showing itself). */
  settleHours: number;
}

/** Where `asOf` is: before the time to act, between it and the ETA, between the ETA and the risk's end, after. */
export type WindowPhase = 'before_act_by' | 'act_now' | 'settling' | 'past';

export interface ActionWindow {
  eta: string;
  /** Act (exit, reduce, hedge) before this time: ETA − lead. */
  actBy: string;
  /** The risk is past from this time: ETA + settle. */
  riskPastAt: string;
  leadHours: number;
  phase: WindowPhase;
  hoursToEta: number;
  inputs: { eta: string; asOf: string; positionImpactBps: number | null; settings: ActionWindowSettings };
}

const HOUR_MS = 3_600_000;

/**
 * The time window around an ETA: act by ETA − lead, where lead = min(max, base · (1 + impact / scale)), and the
 * risk is past at ETA + settle. An unknown impact counts as none.
 *
 * @example
 * actionWindow('2025-03-10T12:00:00Z', '2025-03-01T00:00:00Z', 50, { baseLeadHours: 24, impactScaleBps: 100, maxLeadHours: 96, settleHours: 6 })
 * // { actBy: '2025-03-09T00:00:00.000Z' (36 h lead), riskPastAt: '2025-03-10T18:00:00.000Z', phase: 'before_act_by', … }
 */
export function actionWindow(eta: string, asOf: string, positionImpactBps: number | null, settings: ActionWindowSettings): ActionWindow {
  const etaMs = parseTime(eta, 'eta');
  const asOfMs = parseTime(asOf, 'asOf');
  const { baseLeadHours, impactScaleBps, maxLeadHours, settleHours } = settings;
  if (!(baseLeadHours >= 0) || !(impactScaleBps > 0) || !(maxLeadHours >= baseLeadHours) || !(settleHours >= 0)) {
    throw new RangeError(`window settings need baseLeadHours ≥ 0, impactScaleBps > 0, maxLeadHours ≥ baseLeadHours, settleHours ≥ 0: ${JSON.stringify(settings)}`);
  }
  const leadHours = Math.min(maxLeadHours, baseLeadHours * (1 + Math.max(0, positionImpactBps ?? 0) / impactScaleBps));
  const actByMs = etaMs - leadHours * HOUR_MS;
  const riskPastMs = etaMs + settleHours * HOUR_MS;
  const phase: WindowPhase = asOfMs < actByMs ? 'before_act_by' : asOfMs < etaMs ? 'act_now' : asOfMs < riskPastMs ? 'settling' : 'past';
  return {
    eta: new Date(etaMs).toISOString(),
    actBy: new Date(actByMs).toISOString(),
    riskPastAt: new Date(riskPastMs).toISOString(),
    leadHours,
    phase,
    hoursToEta: (etaMs - asOfMs) / HOUR_MS,
    inputs: { eta, asOf, positionImpactBps, settings: { ...settings } },
  };
}

function parseTime(iso: string, name: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${name}: "${iso}" is not an ISO time`);
  return ms;
}
