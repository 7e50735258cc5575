import { JsonLogger } from '@pum/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AlertsRepository } from './alerts.repository';
import { FIRING_SETTINGS, type FiringSettings } from './firing-settings';
import { FiringService } from './firing.service';

/** Due timers handled per round; more wait for the next. */
const ROUND_LIMIT = 100;

/**
 * Fires ETA timers (an upgrade's ETA entering a rule's `etaWithinHours` window) that came due: each is evaluated by
 * FiringService in the transaction that takes it. Every replica runs it; the subject's row lock and the timer's
 * deletion make one of them fire it, and a timer left by a stopped instance is due for the next one.
 */
@Injectable()
export class EtaTimerScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly firing: FiringService,
    private readonly logger: JsonLogger,
    @Inject(FIRING_SETTINGS) private readonly settings: FiringSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.logger.warn({ msg: 'eta timer round failed', error: String(error) }))
        .finally(() => (this.running = undefined));
    }, this.settings.timerIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round: every due timer, soonest first. */
  async tick(): Promise<void> {
    for (const due of await this.alerts.dueTimers(ROUND_LIMIT)) {
      const outcome = await this.firing.onEtaTimer(due.subjectId, due.dueAt);
      if (outcome.fired.length > 0) this.logger.log({ msg: 'eta timer fired', subject_id: due.subjectId, due_at: due.dueAt, fired: outcome.fired });
    }
  }
}
