/**
 * The observability contract against running services (gateway, risk-engine, ingest-chain, alerts, in this process,
 * on the real broker, Postgres, Redis and devnet): every /metrics output passes `promtool check metrics` with no
 * warning, every metric the Grafana dashboard (deploy/grafana) and the alert rules (deploy/k8s/files/alert-rules.yaml)
 * query is one a service emits, the rules pass `promtool check rules`, and a message sent through shows up in the
 * per-stage latency and the consumer lag.
 */
import { JsonLogger } from '@pum/platform';
import { clearRedisPrefix, dropSchema, isolatedServiceEnv, KafkaProbe, testInfra, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadAlertsConfig } from '../services/alerts/src/config';
import { startAlerts } from '../services/alerts/src/create-app';
import { loadGatewayConfig } from '../services/gateway/src/config';
import { startGateway } from '../services/gateway/src/create-app';
import { loadIngestChainConfig } from '../services/ingest-chain/src/config';
import { startIngestChain } from '../services/ingest-chain/src/create-app';
import { loadRiskEngineConfig } from '../services/risk-engine/src/config';
import { startRiskEngine } from '../services/risk-engine/src/create-app';

const ROOT = path.resolve(__dirname, '..');
const DASHBOARD = path.join(ROOT, 'deploy/grafana/pum-overview.json');
const RULES = path.join(ROOT, 'deploy/k8s/files/alert-rules.yaml');
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

interface Dashboard {
  panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
}
interface RuleFile {
  groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
}

/** PromQL words that are not metric names: functions, aggregations, keywords. */
const PROMQL_WORDS = new Set(
  'sum avg min max count rate irate increase histogram_quantile by without on ignoring group_left group_right clamp_min clamp_max topk bottomk and or unless offset bool abs delta deriv time vector scalar label_replace humanizePercentage'.split(' '),
);

/** The metric names a PromQL expression reads (label names inside {}, by (...) lists and strings left out). */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/(^|[^a-zA-Z0-9_:])\d+(\.\d+)?(e[-+]?\d+)?/gi, '$1');
  return [...new Set([...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((word) => !PROMQL_WORDS.has(word)))];
}

/** `# TYPE` lines of an exposition: name → type. */
function declared(exposition: string): Map<string, string> {
  return new Map([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** A histogram's series (`x_bucket`, `x_sum`, `x_count`) belong to `x`. */
function emitted(name: string, types: Map<string, string>): boolean {
  if (types.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && ['histogram', 'summary'].includes(types.get(base) ?? '');
}

/** The value of the sample `name` whose labels include `labels` (any order), or undefined. */
function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const m of exposition.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/gm)) {
    if (m[1] !== name) continue;
    const set = new Map([...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    if (Object.entries(labels).every(([key, value]) => set.get(key) === value)) return Number(m[3]);
  }
  return undefined;
}

function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL, args, { input, encoding: 'utf8' });
  if (result.error) throw new Error(`${PROMTOOL} not runnable (scripts/ensure-promtool.sh installs it): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const rules = parse(readFileSync(RULES, 'utf8')) as RuleFile;
const queried = [
  ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `dashboard "${panel.title}"`, expr: target.expr }))),
  ...rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `rule ${rule.alert}`, expr: rule.expr }))),
];

describe('metrics of running services', () => {
  const token = uniqueToken('obs');
  const probe = new KafkaProbe(`${token}.`);
  const schemas: string[] = [];
  const apps = new Map<string, INestApplication>();
  const exposition = new Map<string, string>();
  const envOf = (service: string, extra: Record<string, string> = {}): Record<string, string> => {
    const schema = `${token}_${service.replace(/-/g, '_')}`.toLowerCase();
    schemas.push(schema);
    return { ...isolatedServiceEnv(token, { SERVICE: service }), DATABASE_SCHEMA: schema, ...extra };
  };
  const scrape = async (service: string): Promise<string> => {
    const url = (await apps.get(service)!.getUrl()).replace('[::1]', '127.0.0.1');
    return (await fetch(`${url}/metrics`)).text();
  };

  beforeAll(async () => {
    await probe.createTopics(1);
    const chain = { CHAIN_RPC_URL: testInfra.rpcUrl, CHAIN_ID: '31337', CHAIN_START_BLOCK: 'latest' };
    apps.set('gateway', await startGateway(loadGatewayConfig(envOf('gateway', { GATEWAY_DASHBOARD_DIR: '' })), new JsonLogger('gateway', 'silent')));
    apps.set('risk-engine', await startRiskEngine(loadRiskEngineConfig(envOf('risk-engine', chain)), new JsonLogger('risk-engine', 'silent')));
    apps.set('ingest-chain', await startIngestChain(loadIngestChainConfig(envOf('ingest-chain', chain)), new JsonLogger('ingest-chain', 'silent')));
    apps.set('alerts', await startAlerts(loadAlertsConfig(envOf('alerts')), new JsonLogger('alerts', 'silent')));
    // One upgrade through the pipeline, so the per-stage latency and the lag have samples.
    await probe.send(probe.namer.physical('protocol.events.v1'), [{ value: JSON.stringify(upgradedMessage()) }]);
    await waitFor(async () => (sample(await scrape('gateway'), 'pum_message_latency_seconds_count', { topic: 'protocol.events.v1' }) ?? 0) > 0, {
      timeoutMs: 60_000,
      what: 'the gateway to handle the upgrade',
    });
    for (const service of apps.keys()) exposition.set(service, await scrape(service));
  }, 180_000);

  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    await probe.dispose();
    for (const schema of schemas) await dropSchema(schema);
    await clearRedisPrefix(`${token}:`);
  });

  it.each(['gateway', 'risk-engine', 'ingest-chain', 'alerts'])('%s: /metrics passes promtool check metrics with no warning', (service) => {
    const sut = promtool(['check', 'metrics'], exposition.get(service));

    expect(sut).toEqual({ status: 0, output: '' });
    expect(exposition.get(service)).toMatch(/^# TYPE pum_ready gauge$/m);
  });

  it('emits every metric the dashboard and the alert rules query', () => {
    const types = new Map([...exposition.values()].flatMap((text) => [...declared(text)]));
    const missing = queried.flatMap(({ where, expr }) => metricNames(expr).filter((name) => !emitted(name, types)).map((name) => `${where}: ${name}`));

    expect(missing).toEqual([]);
    expect(queried.length).toBeGreaterThan(20);
  });

  it('measures the hop from the producer to the gateway and the consumer lag per group and topic', () => {
    const gateway = exposition.get('gateway')!;

    const latency = { topic: 'protocol.events.v1', service: 'gateway' };

    // At least once: the probe's producer is not idempotent, so a retried send may deliver the upgrade twice.
    expect(sample(gateway, 'pum_message_latency_seconds_count', latency)).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'pum_message_latency_seconds_bucket', { ...latency, le: '+Inf' })).toBe(sample(gateway, 'pum_message_latency_seconds_count', latency));
    expect(sample(gateway, 'pum_message_latency_seconds_sum', latency)).toBeLessThan(60);
    expect(sample(gateway, 'pum_consumer_lag_messages', { group: `${token}-gateway`, topic: 'protocol.events.v1' })).toBe(0);
    expect(sample(gateway, 'pum_gateway_sockets', {})).toBe(0);
    // Each copy consumed is pushed (to no socket here): as many pushes as hops measured.
    expect(sample(gateway, 'pum_gateway_socket_pushes_total', { event: 'protocol.event' })).toBe(sample(gateway, 'pum_message_latency_seconds_count', latency));
    // risk-engine consumed the same upgrade: its hop has its own series.
    expect(sample(exposition.get('risk-engine')!, 'pum_consumer_lag_messages', { topic: 'protocol.events.v1' })).toBeDefined();
  });
});

describe('the alert rules and the dashboard', () => {
  it('pass promtool check rules', () => {
    const sut = promtool(['check', 'rules', RULES]);

    expect(sut.status).toBe(0);
    expect(sut.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('reads metric names out of PromQL, not labels, functions or ranges (the check above relies on it)', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (service, le) (rate(pum_message_latency_seconds_bucket{topic="a.v1"}[5m]))) > 5')).toEqual(['pum_message_latency_seconds_bucket']);
    expect(metricNames('sum(rate(a_total[5m])) / clamp_min(sum(b_total{x=~"y|z"}), 1e-9)')).toEqual(['a_total', 'b_total']);
  });

  it('names every query in the dashboard with a datasource variable, for any Prometheus', () => {
    const raw = readFileSync(DASHBOARD, 'utf8');

    expect(raw).toContain('${datasource}');
    expect(dashboard.panels.filter((panel) => (panel.targets ?? []).length > 0).length).toBeGreaterThanOrEqual(12);
  });
});
