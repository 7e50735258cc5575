import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry, withTimeout } from './health-check';
import { MetricsService } from '../metrics/metrics.service';

const CHECK_TIMEOUT_MS = 3_000;

/**
 * `/health/live`: the process serves requests. `/health/ready` and `/health`: every dependency
 * this service uses answers — `ok`; only non-critical ones fail — `degraded`, still 200; a critical one
 * fails — `error`, 503 — each check with its state.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly metrics: MetricsService,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  async health(@Res() response: Response): Promise<void> {
    await this.ready(response);
  }

  @Get('ready')
  async ready(@Res() response: Response): Promise<void> {
    const results = await Promise.all(
      this.registry.checks.map(async (check) => {
        const started = Date.now();
        try {
          await withTimeout(check.check(), CHECK_TIMEOUT_MS, check.name);
          return [check.name, { status: 'up', latency_ms: Date.now() - started }] as const;
        } catch (error) {
          const critical = check.critical ?? true;
          return [check.name, { status: 'down', critical, error: error instanceof Error ? error.message : String(error) }] as const;
        }
      }),
    );
    const down = results.filter(([, result]) => result.status === 'down');
    const ok = down.every(([, result]) => 'critical' in result && !result.critical);
    const status = down.length === 0 ? 'ok' : ok ? 'degraded' : 'error';
    this.metrics.ready.set(ok ? 1 : 0);
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status, checks: Object.fromEntries(results) });
  }
}
