import { ChainClients } from '@pum/evm';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { GovernorTracker } from './governor-tracker';

export const RECHECK_SETTINGS = Symbol('RECHECK_SETTINGS');

export interface RecheckSettings {
  intervalMs: number;
  /** Most proposals read per chain per round. */
  batch: number;
}

/**
 * Re-reads open proposals on every configured chain every `intervalMs`, at most `batch` per chain
 * per round: the transitions no event announces (a deadline or grace period passing) show up
 * within one interval. Rounds never overlap; a failing chain (RPC down) is logged and retried next round.
 */
@Injectable()
export class RecheckScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;
  private readonly logger = new Logger(RecheckScheduler.name);

  constructor(
    private readonly tracker: GovernorTracker,
    private readonly chains: ChainClients,
    @Inject(RECHECK_SETTINGS) private readonly settings: RecheckSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.runRound().finally(() => this.schedule());
    }, this.settings.intervalMs);
  }

  private async runRound(): Promise<void> {
    for (const chainId of this.chains.chainIds) {
      try {
        const read = await this.tracker.recheck(chainId, this.settings.batch);
        if (read > 0) this.logger.debug({ msg: 'governor proposals re-read', chain_id: chainId, proposals: read });
      } catch (error) {
        this.logger.warn({ msg: 'governor re-check failed; retrying next round', chain_id: chainId, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
