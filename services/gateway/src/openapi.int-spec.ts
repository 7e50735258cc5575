import { TOPICS, type TopicName } from '@pum/contracts';
import { KafkaProbe, assessmentOf, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { accountsCommand } from '../test/accounts-fixtures';
import { mevDetectionMessage, rankedWallet, smartMoneyMessage } from '../test/analytics-fixtures';
import { alertFixture } from '../test/alert-fixtures';
import { GatewayHarness } from '../test/gateway-harness';
import {
  eventCommon,
  governedUpgrade,
  guidanceMessage,
  kindFields,
  lifecycleMessage,
  liquidityMessage,
  marketTickMessage,
  networkStatusMessage,
  priceSeries,
  proposalMessage,
  protocolEventMessage,
  sentimentMessage,
  subjectAssessmentMessage,
  volatilityMessage,
} from '../test/messages';
import { documentedOperations, openApiDocument, resolveRef, responseSchema, type OpenApiDocument } from '../test/openapi-document';

type Answer = { status: number; headers: Headers; text: string; json: unknown };

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const address = () => `0x${randomBytes(20).toString('hex')}` as `0x${string}`;

/** What is wrong with an answer by the document: its status undocumented, its media type or its JSON body off the operation's schema. */
function problemsOf(method: string, path: string, answer: Answer): string[] {
  const declared = openApiDocument.paths[path]?.[method]?.responses[String(answer.status)];
  if (!declared) return [`${method} ${path}: ${answer.status} is not documented`];
  const content = ('$ref' in declared ? resolveRef<{ content?: Record<string, unknown> }>(declared.$ref) : declared).content ?? {};
  const type = answer.headers.get('content-type')?.split(';')[0] ?? '';
  if (Object.keys(content).length > 0 && !(type in content)) return [`${method} ${path} ${answer.status}: ${type} where the document says ${Object.keys(content).join(', ')}`];
  const schema = responseSchema(method, path, answer.status);
  const result = schema?.safeParse(answer.json);
  return result && !result.success ? result.error.issues.map((issue) => `${method} ${path} ${answer.status}: ${issue.path.join('.') || '(root)'}: ${issue.message}`) : [];
}

describe('the running gateway answers as openapi.yaml says (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const env = isolatedServiceEnv(token, { SERVICE: 'gateway', PROTOCOL_REGISTRY_FILE: registryFile });
  const harness = new GatewayHarness(new KafkaProbe(`${token}.`), env, async () => {
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
    await rm(registryFile, { force: true });
  });
  const protocol = `${token.toLowerCase().replace(/_/g, '-')}-vault`;
  const proxy = address();

  // One of everything the read models hold, so each GET answers with items to check, not an empty list.
  const upgrade = upgradedMessage({ protocolId: protocol, contract: proxy });
  const control = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.paused());
  const queued = governedUpgrade(protocol);
  const executed = governedUpgrade(protocol);
  const proposal = proposalMessage(protocol, { state: 'active', votes: 3, passProbability: 0.7 });
  const series = priceSeries(protocol);
  const seriesForecast = volatilityMessage(series, hoursFromNow(-1));
  const windowForecast = volatilityMessage(series, hoursFromNow(-1), { upgradeId: queued.upgradeId, stage: 'queued', eta: hoursFromNow(48), protocolId: protocol, messageId: 'm' });
  const price = (hours: number, value: number) =>
    marketTickMessage({ subject: series.subject, metric: 'price', value, timestamp: hoursFromNow(hours), source: 'coingecko', protocolId: protocol });

  const detection = mevDetectionMessage({ blockNumber: '120' });
  const smartWallet = address();
  const ranking = smartMoneyMessage({ scope: 'protocol', subject: protocol, wallets: [rankedWallet(smartWallet, 1), rankedWallet(address(), null)] });

  let adminKey = '';
  let adminId = '';
  let adminKeyId = '';
  let ruleId = '';
  let alertId = '';

  async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
    const response = await harness.fetch(path, { method, headers: init.headers, body: init.body });
    const text = await response.text();
    const json = text !== '' && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : undefined;
    return { status: response.status, headers: response.headers, text, json };
  }
  const asAdmin = { headers: { 'x-api-key': '' } };

  beforeAll(async () => {
    await writeFile(registryFile, ['protocols:', `  - id: ${protocol}`, '    name: Conformance Vault', '    contracts:', `      - { chainId: 31337, address: '${proxy}', role: proxy }`, ''].join('\n'));
    await harness.start([]);
    const user = await accountsCommand(env, 'create-user', '--email', `${token.toLowerCase()}@example.com`, '--role', 'admin');
    adminId = (user.lines[0] as { id: string }).id;
    const key = (await accountsCommand(env, 'create-key', '--user', adminId, '--name', 'conformance')).lines[0] as { key: string; id: string };
    adminKey = key.key;
    adminKeyId = key.id;
    asAdmin.headers['x-api-key'] = adminKey;
    const rule = await call('POST', '/api/v1/alerts', { headers: { ...asAdmin.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'conformance', enabled: true, conditions: [{ type: 'risk', scope: { protocolId: protocol }, minScore: 50 }], channels: [{ type: 'webhook', url: 'https://example.com/hook' }] }) });
    if (rule.status !== 201 && rule.status !== 200) throw new Error(`alert rule not created: ${rule.status} ${rule.text}`);
    ruleId = (JSON.parse(rule.text) as { id: string }).id;
    const alert = alertFixture(adminId, ruleId, protocol);
    alertId = alert.fired.payload.alertId;

    const messages: [TopicName, { id: string }][] = [
      [TOPICS.alerts, alert.fired],
      [TOPICS.alertDeliveries, alert.delivery],
      [TOPICS.protocolEvents, upgrade],
      [TOPICS.protocolEvents, control],
      [TOPICS.riskAssessments, assessmentOf(upgrade, 60)],
      [TOPICS.riskAssessments, subjectAssessmentMessage({ subjectType: 'control_event', subjectId: control.payload.eventId, contract: control.payload.contract, protocolId: protocol }, 1, 55)],
      [TOPICS.upgradesLifecycle, lifecycleMessage(queued, 'queued', { eta: hoursFromNow(48) })],
      [TOPICS.upgradesLifecycle, lifecycleMessage(executed, 'executed', { executionEventId: upgrade.payload.eventId })],
      [TOPICS.riskAssessments, subjectAssessmentMessage({ subjectType: 'lifecycle', subjectId: queued.upgradeId, contract: queued.target, protocolId: protocol }, 1, 80, { stage: 'queued', components: { technical: 80, governance: 70, market: 40, liquidity: 30 } })],
      [TOPICS.riskAssessments, subjectAssessmentMessage({ subjectType: 'lifecycle', subjectId: executed.upgradeId, contract: executed.target, protocolId: protocol }, 1, 40, { stage: 'queued' })],
      [TOPICS.guidance, guidanceMessage(queued, 1, { score: 80, eta: hoursFromNow(48) })],
      [TOPICS.guidance, guidanceMessage(executed, 1, { score: 40 })],
      [TOPICS.governanceProposals, proposal],
      [TOPICS.sentiment, sentimentMessage(proposal.payload.proposalKey, protocol, 3, 0.4)],
      [TOPICS.forecastVolatility, seriesForecast],
      [TOPICS.forecastVolatility, windowForecast],
      [TOPICS.forecastLiquidity, liquidityMessage(protocol, hoursFromNow(-1))],
      [TOPICS.marketTicks, price(-26, 100)],
      [TOPICS.marketTicks, price(-1, 110)],
      [TOPICS.networkStatus, networkStatusMessage({ chainId: 1, network: 'ethereum' })],
      [TOPICS.mevDetections, detection],
      [TOPICS.smartMoney, ranking],
    ];
    for (const [topic, message] of messages) await harness.publish(topic, message, protocol);
    const filled = async (path: string, ready: (body: Record<string, unknown>) => boolean) => {
      await waitFor(async () => {
        const answer = await harness.get(path);
        return answer.status === 200 && ready(answer.body);
      }, { what: `GET ${path} filled`, timeoutMs: 30_000 });
    };
    const items = (body: Record<string, unknown>) => (body.items as unknown[]).length > 0;
    await filled(`/api/v1/upgrades/${upgrade.payload.eventId}/guidance`, () => true);
    await waitFor(async () => (await call('GET', `/api/v1/alerts/${alertId}/deliveries`, asAdmin)).status === 200, { what: 'the alert and its delivery stored', timeoutMs: 30_000 });
    await filled(`/api/v1/lifecycle/${encodeURIComponent(queued.upgradeId)}/guidance`, () => true);
    await filled(`/api/v1/events/${control.payload.eventId}/risk`, () => true);
    await filled(`/api/v1/upgrades/${upgrade.payload.eventId}/risk`, () => true);
    await filled(`/api/v1/lifecycle/${encodeURIComponent(queued.upgradeId)}/risk`, () => true);
    await filled(`/api/v1/proposals/${encodeURIComponent(proposal.payload.proposalKey)}`, (body) => body.sentiment !== null);
    await filled(`/api/v1/lifecycle/${encodeURIComponent(queued.upgradeId)}/forecasts`, items);
    await filled('/api/v1/forecasts?kind=liquidity', items);
    await filled(`/api/v1/forecasts?protocolId=${protocol}&kind=volatility`, items);
    await filled(`/api/v1/realtime/prices?protocolId=${protocol}`, (body) => (body.items as { change24h: number | null }[])[0]?.change24h !== null);
    await filled('/api/v1/analytics/mev', items);
    await filled(`/api/v1/analytics/smart-money/${smartWallet}`, () => true);
    await filled('/api/v1/networks', (body) => (body.items as { status: string | null }[]).some((network) => network.status === 'ok'));
  });

  afterAll(() => harness.stop());

  /** A concrete request of every GET operation, with ids the read models hold. */
  const getRequests = (): [string, string][] => {
    const lifecycle = encodeURIComponent(queued.upgradeId);
    return [
      ['/api/v1/upgrades', `/api/v1/upgrades?protocolId=${protocol}`],
      ['/api/v1/upgrades/active', '/api/v1/upgrades/active'],
      ['/api/v1/upgrades/{id}', `/api/v1/upgrades/${upgrade.payload.eventId}`],
      ['/api/v1/upgrades/{id}/risk', `/api/v1/upgrades/${upgrade.payload.eventId}/risk`],
      ['/api/v1/upgrades/{id}/guidance', `/api/v1/upgrades/${upgrade.payload.eventId}/guidance`],
      ['/api/v1/upgrades/{id}/volatility', `/api/v1/upgrades/${upgrade.payload.eventId}/volatility`],
      ['/api/v1/upgrades/{id}/liquidity', `/api/v1/upgrades/${upgrade.payload.eventId}/liquidity`],
      ['/api/v1/protocols/{protocolId}/analytics', `/api/v1/protocols/${protocol}/analytics`],
      ['/api/v1/analytics/mev', `/api/v1/analytics/mev?chainId=31337&fromBlock=100&toBlock=200&type=sandwich&attacker=${detection.payload.attacker}`],
      ['/api/v1/analytics/smart-money', `/api/v1/analytics/smart-money?protocolId=${protocol}`],
      ['/api/v1/analytics/smart-money/{address}', `/api/v1/analytics/smart-money/${smartWallet}`],
      ['/api/v1/events', `/api/v1/events?protocolId=${protocol}&since=2020-01-01`],
      ['/api/v1/events/{eventId}', `/api/v1/events/${control.payload.eventId}`],
      ['/api/v1/events/{eventId}', `/api/v1/events/31337?protocolId=${protocol}`],
      ['/api/v1/events/{eventId}/risk', `/api/v1/events/${control.payload.eventId}/risk`],
      ['/api/v1/protocols', '/api/v1/protocols'],
      ['/api/v1/protocols/{protocolId}', `/api/v1/protocols/${protocol}`],
      ['/api/v1/protocols/{protocolId}/metrics', `/api/v1/protocols/${protocol}/metrics?interval=1h`],
      ['/api/v1/lifecycle', `/api/v1/lifecycle?protocolId=${protocol}`],
      ['/api/v1/lifecycle/{upgradeId}', `/api/v1/lifecycle/${lifecycle}`],
      ['/api/v1/lifecycle/{upgradeId}/risk', `/api/v1/lifecycle/${lifecycle}/risk`],
      ['/api/v1/lifecycle/{upgradeId}/guidance', `/api/v1/lifecycle/${lifecycle}/guidance`],
      ['/api/v1/lifecycle/{upgradeId}/forecasts', `/api/v1/lifecycle/${lifecycle}/forecasts`],
      ['/api/v1/proposals', `/api/v1/proposals?protocolId=${protocol}`],
      ['/api/v1/proposals/{proposalKey}', `/api/v1/proposals/${encodeURIComponent(proposal.payload.proposalKey)}`],
      ['/api/v1/forecasts', `/api/v1/forecasts?protocolId=${protocol}`],
      ['/api/v1/forecasts/{forecastId}', `/api/v1/forecasts/${encodeURIComponent(seriesForecast.payload.forecastId)}`],
      ['/api/v1/realtime/{channel}', `/api/v1/realtime/prices?protocolId=${protocol}`],
      ['/api/v1/analytics/risk/{protocolId}', `/api/v1/analytics/risk/${protocol}`],
      ['/api/v1/alerts/high-risk', `/api/v1/alerts/high-risk?protocolId=${protocol}`],
      ['/api/v1/alerts', '/api/v1/alerts'],
      ['/api/v1/alerts/history', '/api/v1/alerts/history'],
      ['/api/v1/alerts/{id}', `/api/v1/alerts/${ruleId}`],
      ['/api/v1/alerts/{id}/deliveries', `/api/v1/alerts/${alertId}/deliveries`],
      ['/api/v1/networks', '/api/v1/networks'],
      ['/api/v1/dashboard/summary', '/api/v1/dashboard/summary'],
      ['/api/v1/me', '/api/v1/me'],
      ['/api/v1/me/keys', '/api/v1/me/keys'],
      ['/api/v1/admin/users', '/api/v1/admin/users'],
      ['/api/v1/admin/users/{id}', `/api/v1/admin/users/${adminId}`],
      ['/api/v1/admin/users/{id}/keys', `/api/v1/admin/users/${adminId}/keys`],
      ['/api/v1/openapi.yaml', '/api/v1/openapi.yaml'],
      ['/docs', '/docs'],
      ['/docs/{asset}', '/docs/swagger-ui-bundle.js'],
      ['/health', '/health'],
      ['/health/ready', '/health/ready'],
      ['/health/live', '/health/live'],
      ['/metrics', '/metrics'],
    ];
  };

  it('requests every GET operation of the document', () => {
    const requested = new Set(getRequests().map(([path]) => path));
    const documented = documentedOperations().filter(({ method }) => method === 'get').map(({ path }) => path);

    expect(documented.filter((path) => !requested.has(path))).toEqual([]);
    expect([...requested].filter((path) => !documented.includes(path))).toEqual([]);
  });

  it('answers every GET operation 200 with a body its response schema accepts', async () => {
    const problems: string[] = [];
    for (const [path, url] of getRequests()) {
      const answer = await call('GET', url, asAdmin);
      if (answer.status !== 200) problems.push(`GET ${url}: ${answer.status} ${answer.text.slice(0, 200)}`);
      problems.push(...problemsOf('get', path, answer));
    }

    expect(problems).toEqual([]);
  });

  it('answers the documented errors in the documented shape: 400 for a bad parameter, 404 for an unknown id, 401 without credentials', async () => {
    const cases: [string, string, number, Record<string, string>?][] = [
      ['/api/v1/upgrades', '/api/v1/upgrades?limit=0', 400],
      ['/api/v1/upgrades', '/api/v1/upgrades?colour=red', 400],
      ['/api/v1/events', '/api/v1/events?since=yesterday', 400],
      ['/api/v1/events/{eventId}', `/api/v1/events/${control.payload.eventId}?kind=nonsense`, 400],
      ['/api/v1/realtime/{channel}', '/api/v1/realtime/weather', 400],
      ['/docs/{asset}', '/docs/swagger-initializer.js', 400],
      ['/api/v1/upgrades/{id}', `/api/v1/upgrades/31337:0x${'0'.repeat(64)}:0`, 404],
      ['/api/v1/events/{eventId}', '/api/v1/events/atlantis', 404],
      ['/api/v1/protocols/{protocolId}', '/api/v1/protocols/no-such-protocol', 404],
      ['/api/v1/proposals/{proposalKey}', '/api/v1/proposals/snapshot:nobody.eth:0x1', 404],
      ['/api/v1/admin/users/{id}', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000', 404, asAdmin.headers],
      ['/api/v1/me', '/api/v1/me', 401],
    ];
    const problems: string[] = [];
    for (const [path, url, status, headers] of cases) {
      const answer = await call('GET', url, { headers });
      if (answer.status !== status) problems.push(`GET ${url}: ${answer.status} where ${status} was expected`);
      problems.push(...problemsOf('get', path, answer));
      expect(answer.json).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.anything() });
    }

    expect(problems).toEqual([]);
  });

  it('answers the other methods of every documented operation as documented (a created key, a revoked one)', async () => {
    const json = { ...asAdmin.headers, 'content-type': 'application/json' };
    const created = await call('POST', '/api/v1/me/keys', { headers: json, body: '{}' });
    const id = (created.json as { id: string }).id;
    const answers: [string, string, Answer][] = [
      ['post', '/api/v1/me/keys', created],
      ['delete', '/api/v1/me/keys/{keyId}', await call('DELETE', `/api/v1/me/keys/${id}`, asAdmin)],
      ['post', '/api/v1/admin/users', await call('POST', '/api/v1/admin/users', { headers: json, body: JSON.stringify({ email: `${token.toLowerCase()}-2@example.com` }) })],
      ['patch', '/api/v1/admin/users/{id}', await call('PATCH', `/api/v1/admin/users/${adminId}`, { headers: json, body: JSON.stringify({ tier: 'pro' }) })],
      ['post', '/api/v1/admin/users/{id}/keys', await call('POST', `/api/v1/admin/users/${adminId}/keys`, { headers: json, body: '{"name":"second"}' })],
      ['delete', '/api/v1/admin/users/{id}/keys/{keyId}', await call('DELETE', `/api/v1/admin/users/${adminId}/keys/${id}`, asAdmin)],
      ['post', '/api/v1/admin/users', await call('POST', '/api/v1/admin/users', { headers: json, body: JSON.stringify({ email: 'not-an-email' }) })],
    ];

    expect(answers.map(([, , answer]) => answer.status)).toEqual([201, 200, 201, 200, 201, 404, 400]);
    expect(answers.flatMap(([method, path, answer]) => problemsOf(method, path, answer))).toEqual([]);
    expect(adminKeyId).not.toBe(id);
  });

  it('answers 405 with Allow for a served path under another method, and a JSON 404 for a path it does not serve', async () => {
    const schema = responseSchemaOf('MethodNotAllowed');
    const post = await call('POST', '/api/v1/upgrades', { headers: { 'content-type': 'application/json' }, body: '{}' });
    const deleteHealth = await call('DELETE', '/health');
    const putKeys = await call('PUT', `/api/v1/admin/users/${adminId}/keys`, asAdmin);
    const unknown = await call('POST', '/api/v1/nowhere');

    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect([deleteHealth.status, deleteHealth.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect([putKeys.status, putKeys.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    for (const answer of [post, deleteHealth, putKeys]) expect(schema.safeParse(answer.json).success).toBe(true);
    expect(post.json).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    expect([unknown.status, unknown.json]).toEqual([404, expect.objectContaining({ statusCode: 404, error: 'Not Found' })]);
    expect((await call('HEAD', '/api/v1/upgrades')).status).toBe(200);
  });

  it('refuses a body over the limit with a JSON 413 and malformed JSON with a JSON 400, before credentials are looked at', async () => {
    const big = await call('POST', '/api/v1/me/keys', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(200_000) }) });
    const malformed = await call('POST', '/api/v1/me/keys', { headers: { 'content-type': 'application/json', 'x-api-key': adminKey }, body: '{"name":' });
    const justUnder = await call('POST', '/api/v1/me/keys', { headers: { 'content-type': 'application/json', 'x-api-key': adminKey }, body: JSON.stringify({ name: 'y'.repeat(201) }) });

    expect([big.status, big.json]).toEqual([413, { statusCode: 413, error: 'Payload Too Large', message: 'request body larger than the limit of 102400 bytes' }]);
    expect(problemsOf('post', '/api/v1/me/keys', big)).toEqual([]);
    expect([malformed.status, malformed.json]).toEqual([400, expect.objectContaining({ statusCode: 400, error: 'Bad Request' })]);
    expect([justUnder.status, justUnder.json]).toEqual([400, expect.objectContaining({ message: ['name: Too big: expected string to have <=200 characters'] })]);
  });

  it('serves /docs without credentials: the page, every asset it references, and an initializer pointing at the document', async () => {
    const page = await harness.fetch('/docs', { headers: { 'x-api-key': 'pum_000000000000_invalid' } });
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((match) => match[1]!);

    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(assets).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/initializer.js']));
    for (const asset of assets) {
      const answer = await harness.fetch(asset);
      expect([asset, answer.status, (await answer.arrayBuffer()).byteLength > 100]).toEqual([asset, 200, true]);
    }
    const initializer = await (await harness.fetch('/docs/initializer.js')).text();
    expect(initializer).toContain("url: '/api/v1/openapi.yaml'");
    expect((await harness.fetch('/docs/swagger-ui-bundle.js')).headers.get('content-type')).toMatch(/javascript/);
  });
});

/** A documented error answer of components.responses as a zod schema. */
function responseSchemaOf(name: string, document: OpenApiDocument = openApiDocument): z.ZodType {
  const response = document.components.responses[name] as { content: { 'application/json': { schema: { $ref: string } } } };
  return z.fromJSONSchema(resolveRef(response.content['application/json'].schema.$ref));
}
