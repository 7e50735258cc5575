import { startAlerts } from '../services/alerts/src/create-app';
import { loadAlertsConfig } from '../services/alerts/src/config';
import { startForecast } from '../services/forecast/src/create-app';
import { loadForecastConfig } from '../services/forecast/src/config';
import { startIngestGovernance } from '../services/ingest-governance/src/create-app';
import { loadIngestGovernanceConfig } from '../services/ingest-governance/src/config';
import { startIngestMarket } from '../services/ingest-market/src/create-app';
import { loadIngestMarketConfig } from '../services/ingest-market/src/config';
import { JsonLogger } from '@pum/platform';
import { clearRedisPrefix, dropSchema, isolatedServiceEnv, KafkaProbe, uniqueToken } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

describe('services with their default configuration', () => {
  const token = uniqueToken('boot');
  const env = isolatedServiceEnv(token);
  const probe = new KafkaProbe(`${token}.`);
  const starters: [string, () => Promise<INestApplication>][] = [
    ['ingest-governance', () => startIngestGovernance(loadIngestGovernanceConfig(env), new JsonLogger('ingest-governance', 'silent'))],
    ['ingest-market', () => startIngestMarket(loadIngestMarketConfig(env), new JsonLogger('ingest-market', 'silent'))],
    ['forecast', () => startForecast(loadForecastConfig(env), new JsonLogger('forecast', 'silent'))],
    ['alerts', () => startAlerts(loadAlertsConfig(env), new JsonLogger('alerts', 'silent'))],
  ];

  // The services consume topics now: they exist before start-up, as the create-topics job makes them in a deployment.
  beforeAll(() => probe.createTopics(1));

  afterAll(async () => {
    await probe.dispose();
    await dropSchema(env.DATABASE_SCHEMA!);
    await clearRedisPrefix(env.REDIS_KEY_PREFIX!);
  });

  it.each(starters)('%s starts, is ready with every dependency up and serves metrics', async (_name, start) => {
    const sut = await start();
    try {
      const url = (await sut.getUrl()).replace('[::1]', '127.0.0.1');
      const ready = await fetch(`${url}/health/ready`);
      const body = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
      expect(ready.status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.checks.kafka).toMatchObject({ status: 'up' });
      expect(Object.entries(body.checks).filter(([, check]) => check.status !== 'up')).toEqual([]);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^pum_ready\{service="[a-z-]+"\} 1$/m);
      expect(metrics).toMatch(/process_cpu_user_seconds_total/);
    } finally {
      await sut.close();
    }
  });
});

describe('start-up configuration', () => {
  it('refuses to start with bad configuration and lists every bad key', async () => {
    const sut = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'services/gateway/src/main.ts'],
        { cwd: join(__dirname, '..'), env: { PATH: process.env.PATH, HTTP_PORT: 'eighty', KAFKA_BROKERS: 'nohost', REDIS_URL: 'http://x' }, timeout: 30_000 },
        (error, _stdout, stderr) => resolve({ code: error ? (error.code as number | null) : 0, stderr }),
      );
    });

    expect(sut.code).toBe(1);
    expect(sut.stderr).toMatch(/invalid configuration/);
    expect(sut.stderr).toMatch(/HTTP_PORT/);
    expect(sut.stderr).toMatch(/KAFKA_BROKERS/);
    expect(sut.stderr).toMatch(/REDIS_URL/);
  });
});
