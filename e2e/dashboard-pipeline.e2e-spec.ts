import { deployTransparentProxy, devnetClients, upgradeTransparentProxy } from '@pum/devnet';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, spawnService, testInfra, uniqueToken, type SpawnedService } from '@pum/testing';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { accountsCommandWithFiles } from '../services/gateway/test/accounts-fixtures';

const ROOT = join(__dirname, '..');
const ARTEFACTS = join(ROOT, '.local', 'artefacts');

/**
 * The dashboard on the real pipeline, each service in its own process as `npm start` runs it: a proxy upgraded on
 * the devnet → ingest-chain → risk-engine → gateway → the page, live. (The governance lifecycle and forecasts are
 * driven from catalogue messages in dashboard.e2e-spec.ts; running the whole demo here would not fit the suite's time.)
 */
describe('dashboard on the real pipeline (devnet → ingest-chain → risk-engine → gateway → browser)', () => {
  const token = uniqueToken('dashpipe');
  const probe = new KafkaProbe(`${token}.`);
  // Account 12: no other suite sends from it, so nonces never collide on the shared devnet.
  const chain = devnetClients(testInfra.rpcUrl, { accountIndex: 12 });
  const services: SpawnedService[] = [];
  const schema = (service: string) => `${token}_${service}`.toLowerCase();
  const env = (service: string, extra: Record<string, string> = {}) => ({ ...isolatedServiceEnv(token, { SERVICE: service, ...extra }), DATABASE_SCHEMA: schema(service) });
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    await Promise.all(services.map((service) => service.stop()));
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    for (const service of ['gateway', 'chain', 'risk']) await dropSchema(schema(service));
  });

  it('shows an upgrade made on the chain on the overview without a reload, with its risk, and on its own page', async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    await promisify(execFile)('bash', [join(ROOT, 'apps/dashboard/build.sh')], { cwd: ROOT });
    await probe.createTopics();
    const head = await chain.publicClient.getBlockNumber();
    services.push(
      ...(await Promise.all([
        spawnService('gateway', env('gateway', { GATEWAY_DASHBOARD_DIR: join(ROOT, 'apps/dashboard/dist') })),
        spawnService('risk-engine', env('risk')),
        spawnService('ingest-chain', env('chain', { CHAIN_RPC_URL: testInfra.rpcUrl, CHAIN_START_BLOCK: (head + 1n).toString(), CHAIN_POLL_INTERVAL_MS: '250' })),
      ])),
    );
    const gateway = services[0]!;
    const files = new Map<string, string>();
    await accountsCommandWithFiles(files, env('gateway'), 'demo', '--key-file', 'key');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((key) => window.sessionStorage.setItem('pum.apiKey', key), files.get('key')!.trim());
    const page = await context.newPage();
    await page.goto(gateway.url);
    await page.waitForSelector('[data-testid=connection][data-status=live]');
    await page.evaluate(() => ((window as unknown as { pumLoaded: number }).pumLoaded = 1));

    const deployment = await deployTransparentProxy(chain);
    const upgrade = await upgradeTransparentProxy(chain, { proxy: deployment.proxy, proxyAdmin: deployment.proxyAdmin });
    const eventId = `31337:${upgrade.tx.toLowerCase()}:0`;

    const row = `[data-testid=feed-row][data-event-id="${eventId}"]`;
    await page.waitForSelector(`${row} [data-testid=risk-gauge][data-score="30"]`, { timeout: 45_000 });
    expect(await page.evaluate(() => (window as unknown as { pumLoaded?: number }).pumLoaded)).toBe(1);
    await page.screenshot({ path: join(ARTEFACTS, 'dashboard-pipeline-overview.png'), fullPage: true });

    await page.click(`${row} a`);
    await page.waitForSelector('[data-testid=event-risk] >> text=implementation_change');
    expect(await page.textContent('[data-page=event]')).toContain(upgrade.implementation.toLowerCase());
  }, 120_000);
});
