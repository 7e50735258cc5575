import { TOPICS } from '@pum/contracts';
import { KafkaProbe, assessmentOf, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayHarness } from '../test/gateway-harness';
import { governedUpgrade, lifecycleMessage, liquidityMessage, priceSeries, sentimentMessage, volatilityMessage } from '../test/messages';

type Body = Record<string, unknown>;

describe('gateway: upgrade filters, forecasts around an upgrade, a protocol analytics in one answer (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const networksFile = join(tmpdir(), `${token}-networks.yaml`);
  const harness = new GatewayHarness(
    new KafkaProbe(`${token}.`),
    isolatedServiceEnv(token, { SERVICE: 'gateway', PROTOCOL_REGISTRY_FILE: registryFile, CHAIN_NETWORKS_FILE: networksFile }),
    async () => {
      await clearRedisPrefix(`${token}:`);
      await dropSchema(token.toLowerCase());
      await Promise.all([rm(registryFile, { force: true }), rm(networksFile, { force: true })]);
    },
  );
  const protocol = `${token.toLowerCase().replace(/_/g, '-')}-vault`;
  const items = (body: Body) => body.items as Body[];
  const read = (path: string, ready: (body: Body) => boolean = () => true) =>
    waitFor(async () => {
      const response = await harness.get(path);
      return response.status === 200 && ready(response.body) && response.body;
    }, { what: `GET ${path}` });
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

  beforeAll(async () => {
    await writeFile(registryFile, ['protocols:', `  - id: ${protocol}`, '    name: Vault', ''].join('\n'));
    await writeFile(networksFile, ['networks:', '  - { name: devnet, chainId: 31337, blockTimeMs: 1000, confirmations: 0, finalityDepth: 64 }', ''].join('\n'));
    await harness.start([TOPICS.protocolEvents]);
  });
  afterAll(() => harness.stop());

  it('filters upgrades by network, risk range and time', async () => {
    const upgrades = [10, 50, 90].map((score, i) => ({ score, message: upgradedMessage({ protocolId: protocol }, minutesAgo(30 - i * 10)) }));
    for (const { message, score } of upgrades) {
      await harness.publish(TOPICS.protocolEvents, message, message.payload.contract);
      await harness.publish(TOPICS.riskAssessments, assessmentOf(message, score), message.payload.contract);
    }
    const base = `/api/v1/upgrades?protocolId=${protocol}`;
    await read(base, (body) => items(body).length === 3 && items(body).every((item) => item.risk !== null));
    const ids = (path: string) => harness.get(path).then((response) => items(response.body).map((item) => item.id));
    const [low, mid, high] = upgrades.map(({ message }) => message.payload.eventId);

    expect(await ids(`${base}&minScore=40&maxScore=60`)).toEqual([mid]);
    expect(await ids(`${base}&minScore=50`)).toEqual([high, mid]);
    expect(await ids(`${base}&since=${encodeURIComponent(minutesAgo(25))}`)).toEqual([high, mid]);
    expect(await ids(`${base}&until=${encodeURIComponent(minutesAgo(25))}`)).toEqual([low]);
    expect(await ids(`${base}&network=devnet`)).toEqual([high, mid, low]);
    expect(await ids(`${base}&network=31337`)).toEqual([high, mid, low]);
    expect(await ids(`${base}&stage=executed`)).toEqual([high, mid, low]);
    expect(await ids(`${base}&stage=retracted`)).toEqual([]);
    expect(await ids(`${base}&stage=executed&status=retracted`)).toEqual([]);
    expect(await ids(`${base}&stage=executed&status=confirmed`)).toEqual([high, mid, low]);

    for (const [query, reason] of [
      ['network=nowhere', /unknown network nowhere/],
      ['minScore=70&maxScore=20', /minScore must not exceed maxScore/],
      ['minScore=101', /minScore/],
      ['since=2026-02-01&until=2026-01-01', /since must be before until/],
      ['network=devnet&chainId=1', /not chain 1/],
      ['stage=queued', /has not executed.*\/api\/v1\/lifecycle\?stage=queued/],
      ['stage=later', /stage/],
    ] as const) {
      const response = await harness.get(`${base}&${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(response.body.message)).toMatch(reason);
    }
  });

  it("serves the volatility and liquidity forecasts of an upgrade's window, by its execution event", async () => {
    const upgrade = governedUpgrade(protocol);
    const executed = upgradedMessage({ contract: upgrade.target, newImplementation: upgrade.newImplementation, protocolId: protocol });
    await harness.publish(TOPICS.protocolEvents, executed, upgrade.target);
    await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'executed', { executionEventId: executed.payload.eventId }), upgrade.target);
    const window = volatilityMessage(priceSeries(protocol), new Date().toISOString(), { upgradeId: upgrade.upgradeId, stage: 'executed', eta: new Date().toISOString(), protocolId: protocol, messageId: 'm-executed' });
    await harness.publish(TOPICS.forecastVolatility, window, 'k');

    const volatility = await read(`/api/v1/upgrades/${executed.payload.eventId}/volatility`, (body) => items(body).length === 1);
    expect(volatility).toMatchObject({ upgradeId: executed.payload.eventId, lifecycleId: upgrade.upgradeId, kind: 'volatility' });
    expect(items(volatility)[0]).toMatchObject({ forecastId: window.payload.forecastId });
    expect(await harness.get(`/api/v1/upgrades/${executed.payload.eventId}/liquidity`)).toMatchObject({ status: 200, body: { items: [] } });
    expect((await harness.get(`/api/v1/upgrades/31337:0x${'e'.repeat(64)}:0/volatility`)).status).toBe(404);
  });

  it("answers a protocol's risk, volatility, liquidity and sentiment in one call", async () => {
    await harness.publish(TOPICS.forecastVolatility, volatilityMessage(priceSeries(protocol), new Date().toISOString()), 'k');
    await harness.publish(TOPICS.forecastLiquidity, liquidityMessage(protocol, new Date().toISOString()), 'k');
    await harness.publish(TOPICS.sentiment, sentimentMessage(protocol, protocol, 4, 0.25, 'protocol'), 'k');
    const body = await read(`/api/v1/protocols/${protocol}/analytics`, (b) => (b.volatility as unknown[]).length > 0 && (b.liquidity as unknown[]).length > 0 && b.sentiment !== null);
    expect(body).toMatchObject({ protocolId: protocol, risk: { protocolId: protocol }, sentiment: { subject: { type: 'protocol', id: protocol }, score: 0.25, items: 4 } });
    expect((await harness.get(`/api/v1/protocols/${protocol}-unknown/analytics`)).status).toBe(404);
    expect((await harness.get(`/api/v1/protocols/${protocol}/analytics?days=0`)).status).toBe(400);
  });
});
