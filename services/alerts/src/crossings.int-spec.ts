import { TOPICS, marketSeriesId, type AlertPayload } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { AlertsHarness } from '../test/alerts-harness';
import { marketTick, networkStatus, ruleMessage, volatilityForecast } from '../test/messages';
import { loadAlertsConfig } from './config';
import { startAlerts } from './create-app';

type Fired = Extract<AlertPayload, { kind: 'fired' }>;
const logger = () => new JsonLogger('alerts', (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent');
const minutes = (n: number) => new Date(Date.parse('2026-07-01T00:00:00.000Z') + n * 60_000).toISOString();

describe('alerts service crossing conditions (real Kafka and Postgres)', () => {
  const token = uniqueToken('alertscross');
  const schema = token.toLowerCase();
  const harness = new AlertsHarness(token);
  const env = isolatedServiceEnv(token, { SERVICE: 'alerts', ALERTS_POLL_INTERVAL_MS: '50' });
  let sut: INestApplication | undefined;

  const fired = (ruleId: string) => harness.alerts(ruleId).filter((a): a is Fired => a.kind === 'fired');
  /** Waits until the service handled a series' tick at `at` (ticks of one series share a key: earlier ones are done too). */
  const handledTick = (seriesId: string, at: string) =>
    waitFor(async () => (await harness.query(`SELECT 1 FROM "${schema}".subjects WHERE subject_type = 'series' AND subject_id = $1 AND facts->'series'->'latest'->>'at' = $2`, [seriesId, at])).length > 0, {
      what: `tick ${at} of ${seriesId} handled`,
    });
  const stored = async (ruleId: string) => (await harness.query(`SELECT state FROM "${schema}".alerts WHERE rule_id = $1 ORDER BY recorded_at`, [ruleId])).map((row) => row.state);

  beforeAll(async () => {
    await harness.start();
    sut = await startAlerts(loadAlertsConfig(env), logger());
  });

  afterAll(async () => {
    await sut?.close();
    await harness.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(schema);
  });

  it('fires a price move once per crossing, from a window that survives a restart, and again after it cleared', async () => {
    const ruleId = uniqueToken('move');
    const asset = uniqueToken('asset').toLowerCase();
    const seriesId = marketSeriesId({ source: 'coingecko', subject: { type: 'asset', id: asset }, metric: 'price', chainId: null });
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'price_move', windowSeconds: 3600, minChangePercent: 5, scope: { protocolId: 'demo-dao' } }], channels: [] }));
    const send = (value: number, minute: number, fields = {}) => harness.send(TOPICS.marketTicks, marketTick(asset, value, minutes(minute), fields), `asset:${asset}`);

    await send(100, 0);
    await send(103, 10);
    await handledTick(seriesId, minutes(10));
    // The window is in Postgres: a new instance carries on from it.
    await sut!.close();
    sut = await startAlerts(loadAlertsConfig(env), logger());
    await send(999, 15, { metric: 'volume', windowSeconds: 86_400 }); // volumes are not evaluated
    await send(106, 20); // +6 % from the low of 100 ten and twenty minutes before
    await send(107, 21); // the same crossing
    await send(104, 30); // +4 %: cleared, re-armed
    await send(110, 40); // +10 %: a new crossing
    await handledTick(seriesId, minutes(40));

    expect(await stored(ruleId)).toEqual([`0:price_move>=5%/3600s@${minutes(20)}`, `0:price_move>=5%/3600s@${minutes(40)}`]);
    const alerts = await waitFor(() => fired(ruleId).length >= 2 && fired(ruleId), { what: 'both alerts on alerts.v1' });
    expect(alerts.map((a) => a.matched[0]!.detail)).toEqual(['price up 6 % within 1 h (100 → 106, at least 5 %)', 'price up 10 % within 1 h (100 → 110, at least 5 %)']);
    expect(alerts[0]).toMatchObject({ subject: { type: 'series', id: seriesId, protocolId: 'demo-dao' }, link: `/realtime/prices?subjectType=asset&subject=${asset}`, firedAt: minutes(20) });
    expect(new Set(alerts.map((a) => a.alertId)).size).toBe(2);
  });

  it('fires all of a price move and the forecast volatility of the same series when the second holds', async () => {
    const ruleId = uniqueToken('vol');
    const asset = uniqueToken('volasset').toLowerCase();
    const seriesId = marketSeriesId({ source: 'coingecko', subject: { type: 'asset', id: asset }, metric: 'price', chainId: null });
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'price_move', windowSeconds: 3600, minChangePercent: 5 }, { type: 'forecast_volatility', minVolatility: 0.05 }], channels: [] }));
    const key = `asset:${asset}`;

    const handledForecast = (at: string) =>
      waitFor(async () => (await harness.query(`SELECT 1 FROM "${schema}".subjects WHERE subject_type = 'series' AND subject_id = $1 AND facts->'volatility'->>'inputTo' = $2`, [seriesId, at])).length > 0, {
        what: `forecast of ${at} handled`,
      });

    // Two topics are not ordered against each other: each step waits for the one before.
    await harness.send(TOPICS.marketTicks, marketTick(asset, 100, minutes(0)), key);
    await harness.send(TOPICS.marketTicks, marketTick(asset, 108, minutes(10)), key); // a move, no forecast yet
    await handledTick(seriesId, minutes(10));
    expect(await stored(ruleId)).toEqual([]);
    await harness.send(TOPICS.forecastVolatility, volatilityForecast(asset, 0.03, minutes(11)), key); // below the level
    await harness.send(TOPICS.forecastVolatility, volatilityForecast(asset, 0.07, minutes(12)), key);
    await harness.send(TOPICS.forecastVolatility, volatilityForecast(asset, 0.09, minutes(5)), key); // older data: changes nothing
    await handledForecast(minutes(12));
    await harness.send(TOPICS.marketTicks, marketTick(asset, 109, minutes(13)), key); // both still hold: the same alert
    await handledTick(seriesId, minutes(13));

    expect(await stored(ruleId)).toEqual([`0:price_move>=5%/3600s@${minutes(10)}&1:volatility>=0.05@${minutes(12)}`]);
    const [alert] = await waitFor(() => fired(ruleId).length >= 1 && fired(ruleId), { what: 'the alert on alerts.v1' });
    expect(alert!.matched.map((m) => m.detail)).toEqual(['price up 8 % within 1 h (100 → 108, at least 5 %)', 'forecast volatility 0.07 per bar (at least 0.05)']);
    expect(alert).toMatchObject({ subject: { type: 'series', id: seriesId }, firedAt: minutes(12) });
  });

  it('fires ingestion lag above N blocks once per crossing, for its network only', async () => {
    const ruleId = uniqueToken('lag');
    const chainId = 900_000 + Math.floor(Math.random() * 90_000);
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'ingestion_lag', chainId, minBlocks: 50 }], channels: [] }));
    const send = (chain: number, lag: number, minute: number) => harness.send(TOPICS.networkStatus, networkStatus(chain, lag, minutes(minute)), String(chain));
    const handled = (minute: number) =>
      waitFor(async () => (await harness.query(`SELECT 1 FROM "${schema}".subjects WHERE subject_type = 'network' AND subject_id = $1 AND facts->'network'->>'polledAt' = $2`, [String(chainId), minutes(minute)])).length > 0, {
        what: `status ${minute} handled`,
      });

    await send(chainId + 1, 500, 0); // another network
    await send(chainId, 50, 1); // not above 50
    await send(chainId, 60, 2);
    await send(chainId, 70, 3); // still the same crossing
    await send(chainId, 0, 1); // older than the latest: changes nothing
    await send(chainId, 10, 4); // caught up: re-armed
    await send(chainId, 80, 5);
    await handled(5);

    expect(await stored(ruleId)).toEqual([`0:lag>50@${minutes(2)}`, `0:lag>50@${minutes(5)}`]);
    const alerts = await waitFor(() => fired(ruleId).length >= 2 && fired(ruleId), { what: 'both alerts on alerts.v1' });
    expect(alerts[0]).toMatchObject({ subject: { type: 'network', id: String(chainId), chainId }, link: '/networks', matched: [{ condition: 'ingestion_lag', evidence: { lagBlocks: 60 } }] });
    expect(alerts[0]!.matched[0]!.detail).toBe(`net-${chainId} ingestion 60 blocks behind its head (more than 50)`);
  });
});
