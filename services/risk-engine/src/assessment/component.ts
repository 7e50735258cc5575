import type { RiskComponent, RiskComponentName, RiskEvidence, RiskFactor } from '@pum/contracts';

/** Collects one component's factors; its score is the sum of their points, clamped to 0–100. */
export class ComponentBuilder {
  private readonly factors: RiskFactor[] = [];

  constructor(private readonly component: RiskComponentName) {}

  add(rule: string, points: number, detail: string, evidence: RiskEvidence): this {
    this.factors.push({ rule, points, detail, component: this.component, evidence });
    return this;
  }

  build(): RiskComponent {
    const sum = this.factors.reduce((total, factor) => total + factor.points, 0);
    return { score: Math.max(0, Math.min(100, Math.round(sum))), factors: this.factors };
  }
}

const DAY = 86_400;

/**
 * A duration for people: seconds, minutes, hours or days, whichever reads best.
 *
 * @example humanDuration(3600) // '1 h'
 * @example humanDuration(172800) // '2 d'
 */
export function humanDuration(seconds: number): string {
  if (seconds >= DAY) return `${Number((seconds / DAY).toFixed(1))} d`;
  if (seconds >= 3600) return `${Number((seconds / 3600).toFixed(1))} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}

export const DAY_SECONDS = DAY;
