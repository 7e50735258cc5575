import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, spawnService, startDevnetNode, uniqueToken, waitFor, type DevnetNode, type SpawnedService } from '@pum/testing';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { accountsCommandWithFiles } from '../services/gateway/test/accounts-fixtures';

const ROOT = join(__dirname, '..');
const ARTEFACTS = join(ROOT, '.local', 'artefacts');
/** The demo's dollar (config/protocols.yaml): the demo market's first contract on a fresh devnet, as in scripts/start.sh. */
const DEMO_USD = '31337:0x850EC3780CeDfdb116E38B009d0bf7a1ef1b8b38';
const SERVICES = ['gateway', 'ingest-chain', 'ingest-governance', 'ingest-market', 'risk-engine', 'forecast'] as const;

interface LifecycleItem {
  upgradeId: string;
  protocolId: string | null;
  currentStage: string;
  executionEventId: string | null;
}
interface ForecastItem {
  forecastId: string;
  kind: string;
  forecast: { forecasts: { at: string; volatility: number; upper: number; lower: number }[] };
}

/**
 * The dashboard on the whole demo, as `npm start` runs it: the demo market deployed first, six services in their own
 * processes (gateway, ingest-chain, ingest-governance, ingest-market, risk-engine, forecast) on the registry and
 * networks files of the repository, then `scenario.ts` — proxy upgrades, market moves, and the DAO's upgrade by
 * proposal (votes, queue with an ETA, the clock moved, execute). On a private devnet node, because the scenario's
 * fixed accounts and its clock jump must not meet the other suites on the shared one. A browser opened before the
 * scenario starts sees it all arrive without a reload; the figures it draws are checked against the REST API.
 */
describe('dashboard on the whole demo (demo market, scenario, six services, a browser)', () => {
  const token = uniqueToken('dashdemo');
  const probe = new KafkaProbe(`${token}.`);
  const services: SpawnedService[] = [];
  const schema = (service: string) => `${token}_${service.replace(/-/g, '_')}`.toLowerCase();
  let node: DevnetNode | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let gatewayUrl = '';
  let apiKey = '';
  let lifecycle: LifecycleItem;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${gatewayUrl}${path}`, { headers: { 'x-api-key': apiKey } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const attribute = async (selector: string, name: string) => page.getAttribute(selector, name);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(services.map((service) => service.stop()));
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    for (const service of SERVICES) await dropSchema(schema(service));
    await node?.stop();
  });

  it('runs the demo: the market first, then the services, a browser, and the scenario', async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    node = await startDevnetNode();
    await promisify(execFile)('bash', [join(ROOT, 'apps/dashboard/build.sh')], { cwd: ROOT });
    await runScenario(node.rpcUrl, ['--market-only']);
    await probe.createTopics();
    const env = (service: string, extra: Record<string, string> = {}) => ({
      ...isolatedServiceEnv(token, { SERVICE: service, ...extra }),
      DATABASE_SCHEMA: schema(service),
      CHAIN_RPC_URL: node!.rpcUrl,
      CHAIN_POLL_INTERVAL_MS: '250',
      ONCHAIN_USD_TOKENS: DEMO_USD,
      ONCHAIN_POLL_INTERVAL_MS: '500',
      // No third-party host answers here: the registry's real protocols are polled on a closed port, not resolved.
      SNAPSHOT_HUB_URL: 'http://127.0.0.1:9/graphql',
      COINGECKO_ENABLED: 'false',
      DEFILLAMA_ENABLED: 'false',
    });
    services.push(
      ...(await Promise.all(
        SERVICES.map((service) => spawnService(service, env(service, service === 'gateway' ? { GATEWAY_DASHBOARD_DIR: join(ROOT, 'apps/dashboard/dist') } : {}), 120_000)),
      )),
    );
    gatewayUrl = services[0]!.url;
    const files = new Map<string, string>();
    await accountsCommandWithFiles(files, env('gateway'), 'demo', '--key-file', 'key');
    apiKey = files.get('key')!.trim();

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((key) => window.sessionStorage.setItem('pum.apiKey', key), apiKey);
    page = await context.newPage();
    await page.goto(gatewayUrl);
    await page.waitForSelector('[data-testid=connection][data-status=live]');
    await page.evaluate(() => ((window as unknown as { pumLoaded: number }).pumLoaded = 1));

    await runScenario(node.rpcUrl, ['--rounds', '1', '--interval-ms', '500']);
    lifecycle = await waitFor(
      async () => (await api<{ items: LifecycleItem[] }>('/api/v1/lifecycle?protocolId=demo-dao')).items.find((item) => item.currentStage === 'executed'),
      { timeoutMs: 90_000, what: "the demo DAO's upgrade executed, over REST" },
    );
  }, 420_000);

  it("shows the DAO's upgrade on the overview without a reload, at executed, with the proxy upgrades of the round", async () => {
    const row = `[data-testid=feed-row][data-upgrade-id="${lifecycle.upgradeId}"]`;
    await page.waitForSelector(`${row}[data-stage=executed]`, { timeout: 30_000 });
    // Its gauge follows the assessment's versions live: it settles on the API's latest score.
    await waitFor(
      async () => {
        const body = await api<{ latest: { score: number } | null }>(`/api/v1/lifecycle/${encodeURIComponent(lifecycle.upgradeId)}/risk`).catch(() => null);
        const drawn = await attribute(`${row} [data-testid=risk-gauge]`, 'data-score');
        return body?.latest && drawn === String(body.latest.score);
      },
      { timeoutMs: 45_000, intervalMs: 500, what: "the feed row's gauge at the lifecycle's latest score" },
    );
    // Every upgrade event the API lists (the page's first 25) is on the feed: its own row, or the lifecycle it executed.
    const upgrades = await api<{ items: { id: string; kind: string }[] }>('/api/v1/upgrades?limit=25');
    const lifecycles = await api<{ items: LifecycleItem[] }>('/api/v1/lifecycle?limit=100');
    expect(upgrades.items.filter((u) => u.kind === 'upgraded').length).toBeGreaterThanOrEqual(3); // the round's UUPS and transparent upgrades, and the vault's
    for (const { id } of upgrades.items) {
      const executed = lifecycles.items.find((item) => item.executionEventId === id);
      const selector = executed ? `[data-testid=feed-row][data-upgrade-id="${executed.upgradeId}"]` : `[data-testid=feed-row][data-event-id="${id}"]`;
      await page.waitForSelector(selector, { timeout: 30_000 });
    }
    expect(await page.evaluate(() => (window as unknown as { pumLoaded?: number }).pumLoaded)).toBe(1); // never reloaded
    await page.screenshot({ path: join(ARTEFACTS, 'dashboard-demo-overview.png'), fullPage: true });
  });

  it("shows the upgrade's page: every stage reached, the risk components and the demo feed's volatility forecast as stored", async () => {
    await page.click(`[data-testid=feed-row][data-upgrade-id="${lifecycle.upgradeId}"] a`);
    await page.waitForSelector('[data-testid=timeline][data-current-stage=executed]');
    for (const stage of ['proposed', 'voting', 'succeeded', 'queued', 'executed']) expect(await attribute(`[data-testid=timeline] li[data-stage=${stage}]`, 'data-reached')).toBe('true');

    // The components drawn are the latest lifecycle assessment's, as the API has it.
    const risk = await waitFor(
      async () => {
        const body = await api<{ latest: { assessmentVersion: number; components: Record<string, { score: number }> | null } | null }>(`/api/v1/lifecycle/${encodeURIComponent(lifecycle.upgradeId)}/risk`).catch(() => null);
        return body?.latest?.components ? body.latest : undefined;
      },
      { timeoutMs: 30_000, what: "the lifecycle's assessment over REST" },
    );
    await page.waitForSelector(`[data-testid=risk] [data-version="${risk.assessmentVersion}"]`, { timeout: 30_000 });
    const drawnComponents = await page.$$eval('[data-testid=components] [data-component]', (items) => items.map((item) => [item.getAttribute('data-component'), Number(item.getAttribute('data-score'))]));
    expect(Object.fromEntries(drawnComponents)).toEqual(Object.fromEntries(Object.entries(risk.components!).map(([name, component]) => [name, component.score])));

    // The volatility chart of the demo feed (GARCH on its 120 daily rounds) draws the stored forecast's steps.
    const forecasts = await waitFor(
      async () => {
        const body = await api<{ items: ForecastItem[] }>(`/api/v1/lifecycle/${encodeURIComponent(lifecycle.upgradeId)}/forecasts`);
        const drawable = body.items.filter((item) => item.kind === 'volatility' && item.forecast.forecasts.length > 0);
        return drawable.length > 0 ? drawable : undefined;
      },
      { timeoutMs: 60_000, what: 'a volatility forecast of the window around the ETA, over REST' },
    );
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    for (const item of forecasts) {
      const chart = `[data-forecast-id="${item.forecastId}"] [data-testid=volatility-chart]`;
      await page.waitForSelector(`${chart} canvas`, { timeout: 30_000 });
      const drawn = JSON.parse((await attribute(chart, 'data-series'))!) as { name: string; points: { time: number; value: number }[] }[];
      expect(drawn[0]!.points).toEqual(item.forecast.forecasts.map((step) => ({ time: seconds(step.at), value: step.volatility })));
      expect(drawn[1]!.points).toEqual(item.forecast.forecasts.map((step) => ({ time: seconds(step.at), value: step.upper })));
    }
    await page.screenshot({ path: join(ARTEFACTS, 'dashboard-demo-upgrade.png'), fullPage: true });
  }, 120_000);
});

/** `tools/devnet/src/scenario.ts` against the node, to its exit (it exits 0 when done); its output on failure. */
async function runScenario(rpcUrl: string, args: string[]): Promise<void> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', 'tools/devnet/src/scenario.ts', '--rpc', rpcUrl, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-6000)));
  child.stderr.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-6000)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`scenario ${args.join(' ')} exited ${code}:\n${output}`);
}
