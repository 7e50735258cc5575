import { MetricsService } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';

/** Outcomes of the guidance step for one assessment version of a lifecycle. */
export type GuidanceOutcome = 'issued' | 'republished' | 'no_market';

/** The guidance step's metrics, on the service's registry. */
@Injectable()
export class GuidanceMetrics {
  readonly outcomes: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    this.outcomes = new Counter({
      name: 'pum_risk_guidance_total',
      help: 'Lifecycle assessment versions by guidance outcome: issued (computed and published), republished (the stored guidance, after a failed publish), no_market (no pool, no price).',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }
}
