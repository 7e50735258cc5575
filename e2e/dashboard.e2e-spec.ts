import { TOPICS, catalogue, networkStatusMessageId, type MessageOf, type NetworkStatus, type TopicName } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadGatewayConfig } from '../services/gateway/src/config';
import { startGateway } from '../services/gateway/src/create-app';
import { accountsCommandWithFiles } from '../services/gateway/test/accounts-fixtures';
import { governedUpgrade, lifecycleMessage, priceSeries, proposalMessage, subjectAssessmentMessage, volatilityMessage } from '../services/gateway/test/messages';

const ROOT = join(__dirname, '..');
const ARTEFACTS = join(ROOT, '.local', 'artefacts');
const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

/** A free TCP port, so the gateway can come back on the same one after a restart. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A valid `system.networks.v1` status of the devnet. */
function devnetStatus(headBlock: string): MessageOf<'system.networks.v1'> {
  const payload: NetworkStatus = {
    chainId: 31337,
    network: 'devnet',
    status: 'ok',
    headBlock,
    ingestedBlock: headBlock,
    lagBlocks: 0,
    confirmations: 0,
    finalityDepth: 64,
    polledAt: new Date().toISOString(),
    intervalMs: 10_000,
    lastError: null,
    backfill: null,
  };
  return catalogue[TOPICS.networkStatus].parse({ version: 1, type: 'network.status', id: networkStatusMessageId(payload), occurredAt: payload.polledAt, producedAt: new Date().toISOString(), source: 'test', payload });
}

/**
 * The dashboard in headless Chromium (Debian's package, driven by playwright-core) against a gateway of its own —
 * real Kafka, Postgres and Redis, messages of the result topics built from the catalogue — and the build the gateway
 * serves at `/`. The rest of the stack (chain, risk engine, forecast) is stood in for by those messages, so what the
 * page shows is exactly what was published. Screenshots go to .local/artefacts/.
 */
describe('dashboard in a real browser (gateway on real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('dash');
  const protocolId = `dash-${token.slice(-6)}`;
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const probe = new KafkaProbe(`${token}.`);
  const upgrade = governedUpgrade(protocolId);
  let env: Record<string, string>;
  let gateway: INestApplication | undefined;
  let baseUrl = '';
  let apiKey = '';
  let browser: Browser;
  let page: Page;

  const publish = (topic: TopicName, message: { id: string }, key = upgrade.upgradeId) => probe.send(probe.namer.physical(topic), [{ key, value: JSON.stringify(message) }]);
  const start = async () => {
    gateway = await startGateway(loadGatewayConfig(env), new JsonLogger('gateway', 'silent'));
  };
  const attribute = (selector: string, name: string) => page.locator(selector).first().getAttribute(name);

  beforeAll(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    // The build npm start serves (cached: a no-op when the sources did not change).
    await run('bash', [join(ROOT, 'apps/dashboard/build.sh')], { cwd: ROOT });
    writeFileSync(
      registryFile,
      ['protocols:', `  - id: ${protocolId}`, '    name: Dashboard DAO', '    contracts:', `      - { chainId: 31337, address: '${upgrade.target}', role: proxy }`, ''].join('\n'),
    );
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = isolatedServiceEnv(token, {
      SERVICE: 'gateway',
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      PROTOCOL_REGISTRY_FILE: registryFile,
      GATEWAY_DASHBOARD_DIR: join(ROOT, 'apps/dashboard/dist'),
    });
    await probe.createTopics();
    await start();
    // The page signs in with a key, as a user would (the pro tier's limits, not the anonymous free tier's).
    const files = new Map<string, string>();
    await accountsCommandWithFiles(files, env, 'demo', '--key-file', 'key');
    apiKey = files.get('key')!.trim();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
    rmSync(registryFile, { force: true });
  });

  it('is served at / with cache headers and compression', async () => {
    const index = await fetch(`${baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${baseUrl}/${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${baseUrl}/api/v1/networks`, { headers: { 'x-api-key': apiKey } })).status).toBe(200);
  });

  it('shows a new upgrade on the overview without a reload, with its risk and the network status', async () => {
    await page.goto(baseUrl);
    await page.evaluate(() => ((window as unknown as { pumLoaded: number }).pumLoaded = 1));
    await page.click('[data-testid=key-button]');
    await page.fill('[data-testid=key-form] input', apiKey);
    await page.click('[data-testid=key-form] button');
    await page.waitForSelector('[data-testid=connection][data-status=live]');
    await page.waitForSelector('[data-testid=feed]');

    await publish(TOPICS.networkStatus, devnetStatus('1234'), '31337');
    await publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'proposed'));
    await publish(TOPICS.riskAssessments, subjectAssessmentMessage({ subjectType: 'lifecycle', subjectId: upgrade.upgradeId, contract: upgrade.target, protocolId }, 1, 62, { stage: 'proposed', components: { technical: 71, governance: 55, market: 33, liquidity: 12 } }));

    const row = `[data-testid=feed-row][data-upgrade-id="${upgrade.upgradeId}"]`;
    await page.waitForSelector(row);
    await page.waitForSelector(`${row} [data-testid=risk-gauge][data-score="62"]`);
    expect(await attribute(row, 'data-stage')).toBe('proposed');
    await page.waitForSelector('[data-testid=networks] tr[data-chain-id="31337"] >> text=1234');
    await page.waitForSelector(`[data-testid=active] [data-upgrade-id="${upgrade.upgradeId}"]`);
    await page.waitForSelector(`[data-testid=high-risk] >> text=62`);
    expect(await page.evaluate(() => (window as unknown as { pumLoaded?: number }).pumLoaded)).toBe(1); // never reloaded
    await page.screenshot({ path: join(ARTEFACTS, 'dashboard-overview.png'), fullPage: true });
  });

  it("shows the upgrade's page: the timeline reaching executed, the risk components and the stored volatility forecast", async () => {
    await page.click(`[data-testid=feed-row][data-upgrade-id="${upgrade.upgradeId}"] a`);
    await page.waitForSelector('[data-testid=timeline][data-current-stage=proposed]');
    await page.waitForSelector('[data-testid=components] [data-component=technical][data-score="71"]');

    const eta = new Date(Date.now() + 3_600_000).toISOString();
    const timelock = { address: `0x${'7'.repeat(40)}` as `0x${string}`, operationId: `0x${'8'.repeat(64)}` };
    await publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'voting'));
    await publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'succeeded'));
    await publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'queued', { eta, timelock }));
    await page.waitForSelector('[data-testid=timeline][data-current-stage=queued]');
    await page.waitForSelector('[data-testid=timeline] [data-testid=countdown]');
    await publish(TOPICS.riskAssessments, subjectAssessmentMessage({ subjectType: 'lifecycle', subjectId: upgrade.upgradeId, contract: upgrade.target, protocolId }, 2, 48, { stage: 'queued', components: { technical: 64, governance: 40, market: 30, liquidity: 15 } }));
    const forecast = volatilityMessage(priceSeries(protocolId), new Date().toISOString(), { upgradeId: upgrade.upgradeId, stage: 'queued', eta, protocolId, messageId: 'm-queued' });
    await publish(TOPICS.forecastVolatility, forecast, protocolId);
    const executionEventId = `31337:0x${'9'.repeat(64)}:0`;
    await publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'executed', { eta, timelock, executionEventId }));

    await page.waitForSelector('[data-testid=timeline][data-current-stage=executed]');
    for (const stage of ['proposed', 'voting', 'succeeded', 'queued', 'executed']) expect(await attribute(`[data-testid=timeline] li[data-stage=${stage}]`, 'data-reached')).toBe('true');
    expect(await page.locator('[data-testid=evidence]').count()).toBe(5);

    await page.waitForSelector('[data-testid=risk] [data-version="2"]');
    const components = await page.$$eval('[data-testid=components] [data-component]', (items) => items.map((item) => [item.getAttribute('data-component'), item.getAttribute('data-score')]));
    expect(components).toEqual([
      ['technical', '64'],
      ['governance', '40'],
      ['market', '30'],
      ['liquidity', '15'],
    ]);
    const history = JSON.parse((await attribute('[data-testid=risk-history]', 'data-series'))!) as { points: { value: number }[] }[];
    expect(history[0]!.points.map((p) => p.value)).toEqual([62, 48]);

    // The chart draws the stored forecast: its steps' volatility and band, and the ETA marked.
    await page.waitForSelector('[data-testid=volatility-chart] canvas');
    const drawn = JSON.parse((await attribute('[data-testid=volatility-chart]', 'data-series'))!) as { name: string; points: { time: number; value: number }[] }[];
    const steps = forecast.payload.forecasts;
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    expect(drawn.map((s) => s.name)).toEqual(['volatility', 'upper 95 %', 'lower 95 %']);
    expect(drawn[0]!.points).toEqual(steps.map((s) => ({ time: seconds(s.at), value: s.volatility })));
    expect(drawn[1]!.points).toEqual(steps.map((s) => ({ time: seconds(s.at), value: s.upper })));
    expect(drawn[2]!.points).toEqual(steps.map((s) => ({ time: seconds(s.at), value: s.lower })));
    expect(JSON.parse((await attribute('[data-testid=volatility-chart]', 'data-markers'))!)).toEqual([{ time: seconds(eta), text: 'ETA' }]);
    await page.screenshot({ path: join(ARTEFACTS, 'dashboard-upgrade.png'), fullPage: true });
  });

  it('survives the gateway restarting: reconnects, shows the gap and catches up what it missed', async () => {
    await page.goto(`${baseUrl}/#/`);
    await page.waitForSelector('[data-testid=connection][data-status=live]');
    await page.evaluate(() => ((window as unknown as { pumLoaded: number }).pumLoaded = 2));
    await gateway!.close();
    gateway = undefined;
    await page.waitForSelector('[data-testid=connection][data-status=reconnecting]');

    // Published while the gateway is down: it reads it from Kafka once back, and the page catches up from REST.
    const later = governedUpgrade(protocolId);
    await publish(TOPICS.upgradesLifecycle, lifecycleMessage(later, 'proposed'), later.upgradeId);
    await start();
    await page.waitForSelector('[data-testid=connection][data-status=live]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=gap]');
    expect(await page.textContent('[data-testid=gap]')).toMatch(/gap .+ caught up from REST/);
    await page.waitForSelector(`[data-testid=feed-row][data-upgrade-id="${later.upgradeId}"]`, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { pumLoaded?: number }).pumLoaded)).toBe(2);

    // And the stream is live again: a push after the restart still shows without a reload.
    await publish(TOPICS.riskAssessments, subjectAssessmentMessage({ subjectType: 'lifecycle', subjectId: later.upgradeId, contract: later.target, protocolId }, 1, 81, { stage: 'proposed', components: { technical: 90, governance: 70, market: 40, liquidity: 20 } }), later.upgradeId);
    await page.waitForSelector(`[data-testid=feed-row][data-upgrade-id="${later.upgradeId}"] [data-testid=risk-gauge][data-score="81"]`);
  }, 90_000);

  it("shows the protocol's contracts and current risk", async () => {
    await page.goto(`${baseUrl}/#/protocol/${protocolId}`);
    await page.waitForSelector('[data-testid=protocol] >> text=Dashboard DAO');
    await page.waitForSelector('[data-testid=protocol-risk] [data-testid=risk-gauge][data-score="81"]');
  });

  it('shows an open proposal with its tally, turnout against quorum and pass probability over time, live', async () => {
    await page.goto(`${baseUrl}/#/governance`);
    await page.waitForSelector('[data-testid=proposals]');
    const first = proposalMessage(protocolId, { state: 'active', votes: 3, passProbability: 0.4, asOf: new Date(Date.now() - 60_000).toISOString() });
    const key = first.payload.proposalKey;
    await publish(TOPICS.governanceProposals, first, key);
    const row = `[data-proposal-key="${key}"]`;
    await page.waitForSelector(`${row} [data-testid=pass] >> text=40 %`);
    await publish(TOPICS.governanceProposals, proposalMessage(protocolId, { state: 'active', votes: 5, passProbability: 0.8, id: first.payload.id }), key);
    await page.waitForSelector(`${row} [data-testid=pass] >> text=80 %`);
    expect(await page.textContent(row)).toContain('550 / 400'); // turnout (votes × 100 + 50) against the quorum
    await page.click(`${row} button`);
    await page.waitForSelector(`${row} [data-testid=pass-probability]`);
    const drawn = JSON.parse((await attribute(`${row} [data-testid=pass-probability]`, 'data-series'))!) as { points: { value: number }[] }[];
    expect(drawn[0]!.points.map((p) => p.value)).toEqual([0.4, 0.8]);
  });

  it('fits a phone-sized screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await phone.addInitScript((key) => window.sessionStorage.setItem('pum.apiKey', key), apiKey);
    const small = await phone.newPage();
    try {
      await small.goto(baseUrl);
      await small.waitForSelector(`[data-testid=feed-row][data-upgrade-id="${upgrade.upgradeId}"]`);
      expect(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await small.screenshot({ path: join(ARTEFACTS, 'dashboard-phone-overview.png'), fullPage: true });
      await small.goto(`${baseUrl}/#/upgrade/${encodeURIComponent(upgrade.upgradeId)}`);
      await small.waitForSelector('[data-testid=timeline][data-current-stage=executed]');
      await small.waitForSelector('[data-testid=volatility-chart] canvas');
      expect(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await small.screenshot({ path: join(ARTEFACTS, 'dashboard-phone-upgrade.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('creates an alert rule in the page that appears over the API, shows its secret once, and deletes it', async () => {
    await page.goto(`${baseUrl}/#/alerts`);
    await page.waitForSelector('[data-testid=alert-form]');
    const name = `browser rule ${Date.now()}`;
    await page.fill('[data-testid=alert-form] input[name=name]', name);
    await page.fill('[data-testid=alert-form] input[name=protocolId]', protocolId);
    await page.fill('[data-testid=alert-form] input[name=minScore]', '70');
    await page.fill('[data-testid=alert-form] input[name=url]', 'https://hooks.example.com/pum');
    await page.click('[data-testid=alert-form] button[type=submit]');
    await page.waitForSelector(`[data-testid=alert-rule] >> text=${name}`);
    expect(await page.textContent('[data-testid=alert-secret]')).toMatch(/[A-Za-z0-9_-]{43}/);

    const rules = (await (await fetch(`${baseUrl}/api/v1/alerts`, { headers: { 'x-api-key': apiKey } })).json()) as { items: { id: string; name: string; conditions: unknown[] }[] };
    const created = rules.items.find((rule) => rule.name === name);
    expect(created?.conditions).toEqual([{ type: 'risk', scope: { protocolId }, minScore: 70 }]);

    // A bad rule gets the gateway's reason in the page.
    await page.fill('[data-testid=alert-form] input[name=name]', 'unknown protocol');
    await page.fill('[data-testid=alert-form] input[name=protocolId]', 'no-such-protocol');
    await page.click('[data-testid=alert-form] button[type=submit]');
    expect(await (await page.waitForSelector('[data-testid=alert-form-error]')).textContent()).toMatch(/unknown protocol/);

    await page.click(`[data-rule-id="${created!.id}"] button`);
    await page.waitForSelector(`[data-rule-id="${created!.id}"]`, { state: 'detached' });
    expect((await fetch(`${baseUrl}/api/v1/alerts/${created!.id}`, { headers: { 'x-api-key': apiKey } })).status).toBe(404);
  });
});
