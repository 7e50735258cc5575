/**
 * The Helm chart (deploy/k8s) as Helm itself sees it: `helm lint --strict` and `helm template` (helm-java,
 * scripts/helm/helm.ts) for every deploy/k8s/ci/*-values.yaml, every rendered object validated against the
 * Kubernetes API schemas (kubernetes-models, in a child node: scripts/k8s/validate-objects.mjs), and assertions
 * on the rendered objects: one Deployment, Service, PodDisruptionBudget and ServiceAccount per directory of
 * services/, hardened pods, probes on the real health endpoints, an environment each service's own config loads.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { z } from 'zod';
import { helmLint, helmTemplate } from '../scripts/helm/helm';
import { alertsConfigSchema, loadAlertsConfig } from '../services/alerts/src/config';
import { analyticsConfigSchema, loadAnalyticsConfig } from '../services/analytics/src/config';
import { configSchema as forecastConfigSchema, loadForecastConfig } from '../services/forecast/src/config';
import { gatewayConfigSchema, loadGatewayConfig } from '../services/gateway/src/config';
import { ingestChainConfigSchema, loadIngestChainConfig } from '../services/ingest-chain/src/config';
import { configSchema as ingestGovernanceConfigSchema, loadIngestGovernanceConfig } from '../services/ingest-governance/src/config';
import { configSchema as ingestMarketConfigSchema, loadIngestMarketConfig } from '../services/ingest-market/src/config';
import { loadRiskEngineConfig, riskEngineConfigSchema } from '../services/risk-engine/src/config';
import { missingFromChart, type K8sObject } from './chart-objects';

const ROOT = path.resolve(__dirname, '..');
const CHART = path.join(ROOT, 'deploy/k8s');
const CI_DIR = path.join(CHART, 'ci');
const valuesFiles = readdirSync(CI_DIR).filter((file) => file.endsWith('-values.yaml')).sort();
const serviceDirs = readdirSync(path.join(ROOT, 'services')).filter((name) => statSync(path.join(ROOT, 'services', name)).isDirectory()).sort();

type Env = Record<string, string | undefined>;
const configs: Record<string, { load: (env: Env) => unknown; schema: z.ZodType }> = {
  alerts: { load: loadAlertsConfig, schema: alertsConfigSchema },
  analytics: { load: loadAnalyticsConfig, schema: analyticsConfigSchema },
  forecast: { load: loadForecastConfig, schema: forecastConfigSchema },
  gateway: { load: loadGatewayConfig, schema: gatewayConfigSchema },
  'ingest-chain': { load: loadIngestChainConfig, schema: ingestChainConfigSchema },
  'ingest-governance': { load: loadIngestGovernanceConfig, schema: ingestGovernanceConfigSchema },
  'ingest-market': { load: loadIngestMarketConfig, schema: ingestMarketConfigSchema },
  'risk-engine': { load: loadRiskEngineConfig, schema: riskEngineConfigSchema },
};

/** What a secretKeyRef resolves to in a real cluster, by env name: values of the right shape for the configs. */
const SECRET_STAND_INS: Record<string, string> = {
  DATABASE_URL: 'postgres://pum:secret@postgres.db.svc:5432/pum',
  REDIS_URL: 'rediss://:secret@redis.redis.svc:6379/0',
  GATEWAY_JWT_SECRET: 'a-hs256-signing-key-of-at-least-32-chars',
  SMTP_URL: 'smtp://alerts:secret@smtp.example.com:587',
  CHAIN_BASE_RPC_ENDPOINTS: '[{"url":"https://base.example.org"}]',
};

/** The env keys a zod config schema declares (through refinements and pipes). */
function schemaKeys(schema: z.ZodType): Set<string> {
  const node = schema as unknown as { shape?: Record<string, unknown>; def?: { in?: z.ZodType; schema?: z.ZodType } };
  if (node.shape) return new Set(Object.keys(node.shape));
  const inner = node.def?.in ?? node.def?.schema;
  if (inner) return schemaKeys(inner);
  throw new Error('config schema has no object shape');
}

function render(files: string[]): K8sObject[] {
  const result = helmTemplate(CHART, files);
  if (!result.ok) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJSON() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

interface Validation {
  kind: string;
  apiVersion: string;
  name: string;
  status: 'valid' | 'invalid' | 'unknown';
  errors: string[];
}

function validate(objects: K8sObject[]): Validation[] {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/k8s/validate-objects.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    cwd: ROOT,
  });
  return JSON.parse(out) as Validation[];
}

const tmp = mkdtempSync(path.join(tmpdir(), 'pum-chart-spec-'));
/** A values file in a temporary folder (what `--set` would do). */
function valuesFile(name: string, values: Record<string, unknown>): string {
  const file = path.join(tmp, `${name}.yaml`);
  writeFileSync(file, stringify(values));
  return file;
}
// `helm template` leaves hooks out of its output: the setup Job is rendered as a plain Job to be checked too.
const plainSetupJob = valuesFile('plain-setup-job', { setup: { helmHook: false } });

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Container {
  name: string;
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  volumes?: Array<{ name: string; emptyDir?: Record<string, unknown> }>;
}
const podSpec = (object: K8sObject): PodSpec => (object.spec as { template: { spec: PodSpec } }).template.spec;
const componentOf = (object: K8sObject): string => object.metadata.labels?.['app.kubernetes.io/component'] ?? '';

describe.each(valuesFiles)('deploy/k8s with ci/%s', (file) => {
  const values = path.join(CI_DIR, file);
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render([values, plainSetupJob]);
  });
  const ofKind = (kind: string): K8sObject[] => objects.filter((object) => object.kind === kind);
  const pods = (): Array<{ owner: K8sObject; spec: PodSpec }> =>
    [...ofKind('Deployment'), ...ofKind('Job')].map((owner) => ({ owner, spec: podSpec(owner) }));

  it('passes helm lint --strict', () => {
    const sut = helmLint(CHART, [values], { strict: true });

    expect(sut.stdout.split('\n').filter((line) => /\[(WARNING|ERROR)\]/.test(line))).toEqual([]);
    expect(sut.ok).toBe(true);
  });

  it('renders only objects the Kubernetes API schemas accept; only the prometheus-operator kinds have no model', () => {
    const sut = validate(objects);

    expect(sut.filter((result) => result.status === 'invalid')).toEqual([]);
    expect([...new Set(sut.filter((result) => result.status === 'unknown').map((result) => `${result.apiVersion} ${result.kind}`))].sort()).toEqual(
      file.startsWith('production') ? ['monitoring.coreos.com/v1 PrometheusRule', 'monitoring.coreos.com/v1 ServiceMonitor'] : [],
    );
    expect(sut.filter((result) => result.status === 'valid').length).toBeGreaterThanOrEqual(4 * serviceDirs.length + 2);
  });

  it('has a Deployment, Service, PodDisruptionBudget and ServiceAccount for every directory of services/', () => {
    expect(missingFromChart(serviceDirs, objects)).toEqual([]);
    expect(ofKind('Deployment').map((d) => podSpec(d).containers[0]!.args?.[0]).sort()).toEqual(serviceDirs);
  });

  it('runs every pod as non-root on a read-only root filesystem, all capabilities dropped, seccomp RuntimeDefault, no token', () => {
    const problems: string[] = [];
    for (const { owner, spec } of pods()) {
      const where = `${owner.kind}/${owner.metadata.name}`;
      if (spec.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod runAsNonRoot`);
      if ((spec.securityContext?.seccompProfile as { type?: string } | undefined)?.type !== 'RuntimeDefault') problems.push(`${where}: pod seccomp`);
      if (spec.automountServiceAccountToken !== false) problems.push(`${where}: token automount`);
      if (!spec.volumes?.some((v) => v.name === 'tmp' && v.emptyDir)) problems.push(`${where}: no emptyDir for /tmp`);
      for (const container of spec.containers) {
        const sc = container.securityContext ?? {};
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation`);
        if (sc.runAsNonRoot !== true) problems.push(`${where}: container runAsNonRoot`);
        if (JSON.stringify((sc.capabilities as { drop?: string[] } | undefined)?.drop) !== '["ALL"]') problems.push(`${where}: capabilities`);
        if ((sc.seccompProfile as { type?: string } | undefined)?.type !== 'RuntimeDefault') problems.push(`${where}: container seccomp`);
        if (!container.volumeMounts?.some((m) => m.name === 'tmp' && m.mountPath === '/tmp')) problems.push(`${where}: /tmp not mounted`);
        if (!container.resources?.requests?.cpu || !container.resources.requests.memory || !container.resources.limits?.memory) problems.push(`${where}: resources`);
      }
    }
    for (const account of ofKind('ServiceAccount')) {
      if (account.automountServiceAccountToken !== false) problems.push(`ServiceAccount/${account.metadata.name}: token automount`);
    }

    expect(problems).toEqual([]);
    expect(pods().length).toBe(serviceDirs.length + 1);
  });

  it('probes startup and liveness on /health/live and readiness on /health/ready of the port HTTP_PORT sets', () => {
    for (const deployment of ofKind('Deployment')) {
      const [container] = podSpec(deployment).containers;
      const port = container!.ports!.find((p) => p.name === 'http')!;
      const probes = [container!.startupProbe, container!.livenessProbe, container!.readinessProbe].map((probe) => probe?.httpGet);

      expect({ name: deployment.metadata.name, probes }).toEqual({
        name: deployment.metadata.name,
        probes: [
          { path: '/health/live', port: 'http' },
          { path: '/health/live', port: 'http' },
          { path: '/health/ready', port: 'http' },
        ],
      });
      expect(container!.env?.find((e) => e.name === 'HTTP_PORT')?.value).toBe(String(port.containerPort));
    }
  });

  it("gives each Deployment an environment its service's own config loads, with no key the config does not read", () => {
    const shared = (ofKind('ConfigMap').find((c) => c.metadata.name.endsWith('-shared'))!.data ?? {}) as Record<string, string>;
    for (const deployment of ofKind('Deployment')) {
      const [container] = podSpec(deployment).containers;
      const service = container!.args![0]!;
      const env: Env = { ...shared };
      for (const entry of container!.env ?? []) {
        const ref = entry.valueFrom?.secretKeyRef;
        if (ref && !(entry.name in SECRET_STAND_INS)) throw new Error(`${service}: no stand-in for the secret ${entry.name}`);
        env[entry.name] = ref ? SECRET_STAND_INS[entry.name] : entry.value;
      }
      const known = schemaKeys(configs[service]!.schema);
      const unknown = Object.keys(env).filter((key) => !known.has(key) && !(known.has('CHAIN_NETWORKS_FILE') && /^CHAIN_[A-Z0-9_]+_RPC_ENDPOINTS$/.test(key)));

      expect({ service, unknown }).toEqual({ service, unknown: [] });
      expect(() => configs[service]!.load(env)).not.toThrow();
      expect({ service, HTTP_HOST: env.HTTP_HOST }).toEqual({ service, HTTP_HOST: '0.0.0.0' });
    }
  });

  it('reads DATABASE_URL and REDIS_URL from Secrets or a plain URL, never a credential in a value', () => {
    for (const deployment of ofKind('Deployment')) {
      for (const entry of podSpec(deployment).containers[0]!.env ?? []) {
        if (['DATABASE_URL', 'SMTP_URL'].includes(entry.name) || /_(SECRET|PASSWORD|API_KEY)$/.test(entry.name)) expect({ name: entry.name, ref: !!entry.valueFrom?.secretKeyRef }).toEqual({ name: entry.name, ref: true });
        if (entry.value) expect({ name: entry.name, value: entry.value }).not.toEqual({ name: entry.name, value: expect.stringMatching(/:\/\/[^/@\s]+:[^/@\s]+@/) });
      }
    }
  });

  it('creates the topics in a setup Job running the image with its create-topics argument', () => {
    const [job] = ofKind('Job');
    const [container] = podSpec(job!).containers;

    expect(container!.args).toEqual(['create-topics']);
    expect(container!.env?.map((e) => e.name).sort()).toEqual(['KAFKA_BROKERS', 'KAFKA_REPLICATION_FACTOR', 'KAFKA_TOPIC_PARTITIONS', 'KAFKA_TOPIC_PREFIX']);
  });
});

describe('deploy/k8s with ci/production-values.yaml, in detail', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render([path.join(CI_DIR, 'production-values.yaml')]);
  });
  const one = (kind: string, component?: string): K8sObject => {
    const found = objects.filter((o) => o.kind === kind && (component === undefined || componentOf(o) === component));
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('routes the Ingress to the gateway with WebSocket timeouts and cookie affinity, over TLS', () => {
    const sut = one('Ingress');
    const backend = (sut.spec as { rules: Array<{ http: { paths: Array<{ backend: { service: { name: string } } }> } }> }).rules[0]!.http.paths[0]!.backend;

    expect(backend.service.name).toBe(one('Service', 'gateway').metadata.name);
    expect(sut.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/affinity': 'cookie',
    });
    expect((sut.spec as { tls: unknown[] }).tls).toHaveLength(1);
  });

  it('scales the gateway with an HPA and keeps a single ingest-chain poller', () => {
    const hpa = one('HorizontalPodAutoscaler');

    expect(componentOf(hpa)).toBe('gateway');
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 12, scaleTargetRef: { kind: 'Deployment', name: one('Deployment', 'gateway').metadata.name } });
    expect(one('Deployment', 'gateway').spec).not.toHaveProperty('replicas');
    expect(one('Deployment', 'ingest-chain').spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
    expect(one('PodDisruptionBudget', 'ingest-chain').spec).toMatchObject({ maxUnavailable: 1 });
  });

  it('takes the JWT signing key, SMTP URL, Postgres and Redis URLs from the named Secrets', () => {
    const secretOf = (component: string, name: string) =>
      (podSpec(one('Deployment', component)).containers[0]!.env ?? []).find((e) => e.name === name)?.valueFrom?.secretKeyRef;

    expect(secretOf('gateway', 'GATEWAY_JWT_SECRET')).toEqual({ name: 'pum-gateway-jwt', key: 'hs256-key' });
    expect(secretOf('alerts', 'SMTP_URL')).toEqual({ name: 'pum-smtp', key: 'url' });
    expect(secretOf('risk-engine', 'DATABASE_URL')).toEqual({ name: 'pum-postgres', key: 'uri' });
    expect(secretOf('gateway', 'REDIS_URL')).toEqual({ name: 'pum-redis', key: 'url' });
    expect(secretOf('risk-engine', 'GATEWAY_JWT_SECRET')).toBeUndefined();
  });

  it('lets only the ingress controller reach the gateway and only Prometheus every /metrics', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const from = (component: string) =>
      (policies.find((p) => componentOf(p) === component)!.spec as { ingress: Array<{ from: Array<{ namespaceSelector: { matchLabels: Record<string, string> } }> }> }).ingress[0]!.from.map(
        (peer) => peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name'],
      );

    expect(policies).toHaveLength(serviceDirs.length);
    expect(from('gateway')).toEqual(['monitoring', 'ingress-nginx']);
    expect(from('risk-engine')).toEqual(['monitoring']);
  });

  it('ships the alert rules as a PrometheusRule and keeps the services\' own service label in the ServiceMonitor', () => {
    const rule = one('PrometheusRule');
    const monitor = one('ServiceMonitor');
    const groups = (rule.spec as { groups: Array<{ rules: Array<{ alert: string }> }> }).groups;

    expect(groups.flatMap((g) => g.rules.map((r) => r.alert))).toContain('PumConsumerLagHigh');
    expect(monitor.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    expect((monitor.spec as { endpoints: unknown[] }).endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s', honorLabels: true }]);
  });
});

describe('values.schema.json', () => {
  const minimal = path.join(CI_DIR, 'minimal-values.yaml');
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a replica count that is not a number', { services: { 'risk-engine': { replicas: 'two' } } }, /services\.risk-engine\.replicas|risk-engine.*replicas/],
    ['a port out of range', { services: { gateway: { port: 70000 } } }, /port/],
    ['a misspelt service setting', { services: { gateway: { replica: 3 } } }, /replica/],
    ['a writable root filesystem', { securityContext: { readOnlyRootFilesystem: false } }, /readOnlyRootFilesystem/],
    ['Kafka brokers without ports', { kafka: { brokers: 'kafka.svc' } }, /brokers/],
    ['an HPA without a ceiling', { services: { forecast: { autoscaling: { enabled: true, targetCPUUtilizationPercentage: 70 } } } }, /maxReplicas/],
    ['an env name that is no env name', { services: { alerts: { env: { 'alerts-max': '3' } } } }, /alerts-max|propertyNames|pattern/],
  ])('refuses %s, naming it', (_what, bad, message) => {
    const sut = helmTemplate(CHART, [minimal, valuesFile(`bad-${Object.keys(bad).join('-')}-${Math.random().toString(36).slice(2)}`, bad)]);

    expect(sut.ok).toBe(false);
    expect(sut.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(sut.stderr).toMatch(message);
  });

  it('accepts the chart defaults plus the minimal values (the control of the cases above)', () => {
    expect(helmTemplate(CHART, [minimal]).ok).toBe(true);
  });
});

describe('kubeVersion', () => {
  it('is refused for the Kubernetes v1.20.0 helm-java renders for unless told a version (why helm.ts passes one)', () => {
    const sut = helmTemplate(CHART, [path.join(CI_DIR, 'minimal-values.yaml')], { kubeVersion: null });

    expect(sut.ok).toBe(false);
    expect(sut.stderr).toMatch(/chart requires kubeVersion: >=1\.25\.0-0 which is incompatible with Kubernetes v1\.20\.0/);
  });
});

describe('missingFromChart', () => {
  it('names a service directory that has no chart entry, and each kind it lacks', () => {
    const objects = render([path.join(CI_DIR, 'minimal-values.yaml')]);
    const withoutAlertsPdb = objects.filter((o) => !(o.kind === 'PodDisruptionBudget' && componentOf(o) === 'alerts'));

    expect(missingFromChart([...serviceDirs, 'notifier'], objects)).toEqual(['notifier: Deployment', 'notifier: Service', 'notifier: PodDisruptionBudget', 'notifier: ServiceAccount']);
    expect(missingFromChart(serviceDirs, withoutAlertsPdb)).toEqual(['alerts: PodDisruptionBudget']);
  });
});
