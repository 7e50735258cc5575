import { JsonLogger } from '@pum/platform';
import type { OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { FitOutcome, FitTask } from './fit-task';

/**
 * Worker threads that run the model fits (an ARIMA order search takes seconds), so the event loop
 * stays free for health checks, Kafka heartbeats and consumption. At most `threads` fits run at
 * once; more wait in the pool's queue. The threads stop at application shutdown, after the refit
 * scheduler has let a fit in progress finish (beforeApplicationShutdown). Results cross the thread boundary by structured clone, which
 * keeps every double exactly, so a forecast is the same as the in-process fit.
 */
export class FitPool implements OnApplicationShutdown {
  private readonly pool: Piscina<FitTask, FitOutcome>;

  constructor(threads: number, logger: JsonLogger) {
    this.pool = new Piscina({ filename: join(__dirname, 'fit-worker.js'), minThreads: 0, maxThreads: threads, idleTimeout: 60_000 });
    logger.log({ msg: 'fit workers ready', threads });
  }

  run(task: FitTask): Promise<FitOutcome> {
    return this.pool.run(task);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
