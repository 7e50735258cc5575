/**
 * Keeps the deployment descriptors (docker-compose.yml, the Dockerfile) in step with the code: service
 * names, ports, and the environment variables each service's zod config schema actually reads. Runs
 * without docker: it parses the YAML and the config sources as text. The Helm chart is rendered by real
 * Helm in e2e/helm-chart.spec.ts.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDockerfile, type DockerStage } from '@pum/testing';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const BASE_CONFIG = 'libs/platform/src/config/base-config.ts';
const CREATE_TOPICS = 'scripts/create-topics.ts';

const read = (relative: string): string => readFileSync(path.join(ROOT, relative), 'utf8');
const exists = (relative: string): boolean => existsSync(path.join(ROOT, relative));

// ---------------------------------------------------------------- config sources as text

/**
 * Blanks comments (and, with `strings`, the contents of string literals) with spaces, keeping
 * newlines, quotes and every offset, so positions found in one form hold in the raw text.
 */
function blank(source: string, strings: boolean): string {
  const out = source.split('');
  const clear = (from: number, to: number): void => {
    for (let j = from; j < to; j++) if (out[j] !== '\n') out[j] = ' ';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      clear(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      clear(i, stop);
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      if (strings) clear(i + 1, j);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Offsets just inside the `{` at `open` and its matching `}` (in fully blanked source). */
function braceBlock(blanked: string, open: number): [number, number] {
  let depth = 0;
  for (let i = open; i < blanked.length; i++) {
    if (blanked[i] === '{') depth++;
    else if (blanked[i] === '}' && --depth === 0) return [open + 1, i];
  }
  throw new Error(`unbalanced braces from offset ${open}`);
}

interface Shape {
  /** Env keys the shape declares (`KEY:` members). */
  keys: Set<string>;
  /** Names spread into it (`...baseConfigShape`). */
  spreads: string[];
  /** Keys whose default points at the loopback interface: unusable inside a container. */
  loopbackDefaults: Set<string>;
  /** The HTTP_PORT default, when the shape declares one. */
  httpPort?: number;
}

/**
 * Every object literal opened by `opener` in a source file (`z.object({ ... })`, or
 * `export const fooShape = { ... }` with the name captured), read as an env shape.
 */
function shapesIn(relative: string, opener: RegExp): Array<{ name?: string; shape: Shape }> {
  const raw = read(relative);
  const code = blank(raw, false); // comments gone, strings kept
  const skeleton = blank(raw, true); // comments and string contents gone
  return [...skeleton.matchAll(opener)].map((m) => {
    const [from, to] = braceBlock(skeleton, m.index! + m[0].lastIndexOf('{'));
    const members = skeleton.slice(from, to);
    const text = code.slice(from, to);
    const port = /^\s*HTTP_PORT\s*:.*\.default\((\d+)\)/m.exec(text);
    const shape: Shape = {
      keys: new Set([...members.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)].map((k) => k[1]!)),
      spreads: [...members.matchAll(/\.\.\.\s*([A-Za-z_$][\w$]*)/g)].map((k) => k[1]!),
      loopbackDefaults: new Set(
        [...text.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:(.*)$/gm)]
          .filter((k) => /\.default\(.*(127\.0\.0\.1|localhost)/.test(k[2]!))
          .map((k) => k[1]!),
      ),
      httpPort: port ? Number(port[1]) : undefined,
    };
    return { name: m[1], shape };
  });
}

/** Files of the libs that export config shapes services spread (`...baseConfigShape`, `...chainNetworksConfigShape`). */
const SHARED_SHAPE_FILES = [
  BASE_CONFIG,
  'libs/platform/src/registry/protocol-registry-file.ts',
  'libs/evm/src/networks/networks-config.ts',
  'libs/evm/src/rpc/rpc-config.ts',
];

const sharedShapes = new Map(
  SHARED_SHAPE_FILES.flatMap((file) => shapesIn(file, /export const (\w+Shape)\s*=\s*\{/g)).map(({ name, shape }) => [name!, shape]),
);

/** A shape a config file imports from a relative module of its own service (e.g. `./rpc/rpc-config`). */
function localShape(relative: string, name: string): Shape | undefined {
  const source = read(relative);
  const from = new RegExp(`import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*'(\\.[^']+)'`).exec(source)?.[1];
  if (!from) return undefined;
  const target = path.posix.join(path.posix.dirname(relative), `${from}.ts`);
  return shapesIn(target, new RegExp(`export const (${name})\\s*=\\s*\\{`, 'g'))[0]?.shape;
}

interface ConfigSchema {
  keys: Set<string>;
  loopbackDefaults: Set<string>;
  httpPort?: number;
  spreads: string[];
}

/** The env keys a config source's zod object schema(s) know, with the shared shapes it spreads. */
function configSchema(relative: string): ConfigSchema {
  const objects = shapesIn(relative, /z\s*\.object\(\s*\{/g);
  if (objects.length === 0) throw new Error(`${relative}: no z.object({...}) schema found`);
  const schema: ConfigSchema = { keys: new Set(), loopbackDefaults: new Set(), spreads: [] };
  const add = (shape: Shape): void => {
    shape.keys.forEach((k) => schema.keys.add(k));
    shape.loopbackDefaults.forEach((k) => schema.loopbackDefaults.add(k));
    schema.httpPort ??= shape.httpPort;
  };
  for (const { shape } of objects) {
    add(shape);
    for (const spread of shape.spreads) {
      const shared = sharedShapes.get(spread) ?? localShape(relative, spread);
      if (!shared) throw new Error(`${relative}: spreads ${spread}, which neither ${SHARED_SHAPE_FILES.join(' nor ')} nor a file it imports exports`);
      schema.spreads.push(spread);
      add(shared);
    }
  }
  return schema;
}

const serviceNames = readdirSync(path.join(ROOT, 'services'))
  .filter((name) => statSync(path.join(ROOT, 'services', name)).isDirectory())
  .sort();
const serviceConfigs = new Map(serviceNames.map((name) => [name, configSchema(`services/${name}/src/config.ts`)]));
const createTopicsConfig = configSchema(CREATE_TOPICS);

// ---------------------------------------------------------------- docker-compose.yml

type Env = Record<string, string>;
interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  read_only?: boolean;
  tmpfs?: string | string[];
  cap_drop?: string[];
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: Array<string | number | { target: number; published?: number | string }>;
  expose?: Array<string | number>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  hostname?: string;
  restart?: string;
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const loadCompose = (): ComposeFile => parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;

function envOf(service: ComposeService): Env {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => [line.split('=')[0]!, line.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function commandOf(service: ComposeService): string[] {
  const command = service.command ?? [];
  return Array.isArray(command) ? command.map(String) : command.split(/\s+/).filter(Boolean);
}

function publishedPorts(service: ComposeService): Array<{ published?: number; target: number }> {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return { target: Number(port.target), published: Number(port.published) };
    const parts = String(port).split('/')[0]!.split(':');
    return { target: Number(parts.at(-1)), published: parts.length > 1 ? Number(parts.at(-2)) : undefined };
  });
}

function dependsOn(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([d, v]) => [d, v?.condition ?? 'service_started']));
}

/** Names another container can resolve a service by: its service name, hostname and aliases. */
function resolvableNames(compose: ComposeFile): Set<string> {
  const names = new Set<string>();
  for (const [name, service] of Object.entries(compose.services)) {
    names.add(name);
    if (service.hostname) names.add(service.hostname);
    if (service.networks && !Array.isArray(service.networks)) {
      Object.values(service.networks).forEach((n) => n?.aliases?.forEach((a) => names.add(a)));
    }
  }
  return names;
}

/** `NAME://host:port,...` into entries. */
function listeners(spec: string | undefined): Array<{ name: string; host: string; port: number }> {
  return (spec ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => {
      const m = /^([A-Za-z_]+):\/\/(.*):(\d+)$/.exec(entry.trim());
      if (!m) throw new Error(`unparseable listener "${entry}"`);
      return { name: m[1]!, host: m[2]!, port: Number(m[3]) };
    });
}

/** Hosts an env value points at: URLs, `host:port` lists. */
function hostsIn(value: string): string[] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return [new URL(value).hostname];
  return value
    .split(',')
    .map((part) => part.trim().split(':')[0]!)
    .filter(Boolean);
}

describe('docker-compose.yml', () => {
  const sut = loadCompose();
  const service = (name: string): ComposeService => {
    const found = sut.services[name];
    if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
    return found;
  };

  it('runs a compose service for every directory under services/', () => {
    const missing = serviceNames.filter((name) => !(name in sut.services));

    expect(missing).toEqual([]);
    expect(serviceNames).toHaveLength(8);
  });

  it('starts each service by name on the runtime image, which runs its compiled services/<name>/src/main.ts', () => {
    const launcher = read('scripts/pum.sh');

    expect(launcher).toContain('entry="dist/services/$target/src/main.js"');
    for (const name of serviceNames) {
      const s = service(name);
      const [entry] = commandOf(s);

      expect({ name, entry }).toEqual({ name, entry: name });
      expect({ name, target: typeof s.build === 'object' ? s.build.target : undefined }).toEqual({ name, target: 'runtime' });
      expect(exists(`services/${name}/src/main.ts`)).toBe(true);
    }
  });

  it('runs only entry points that exist in the repository, TypeScript and hardhat only on the tools image', () => {
    const fromImage = Object.entries(sut.services).filter(([, s]) => s.build !== undefined);
    expect(fromImage.length).toBeGreaterThan(serviceNames.length);

    for (const [name, s] of fromImage) {
      const [first, ...args] = commandOf(s);
      const target = typeof s.build === 'object' ? s.build.target : undefined;
      const entry =
        first === 'hardhat'
          ? args[args.indexOf('--config') + 1]!
          : first === 'create-topics'
            ? CREATE_TOPICS
            : first!.endsWith('.ts')
              ? first!
              : `services/${first}/src/main.ts`;

      expect({ name, entry, exists: exists(entry) }).toEqual({ name, entry, exists: true });
      // The runtime image holds no TypeScript and no Hardhat: what needs them runs on the tools image.
      if (first === 'hardhat' || first!.endsWith('.ts')) expect({ name, target }).toEqual({ name, target: 'tools' });
      else expect({ name, target }).toEqual({ name, target: 'runtime' });
    }
    expect(read('scripts/build.ts')).toContain(`'${CREATE_TOPICS}'`);
  });

  it('runs the runtime containers on a read-only root filesystem with a writable /tmp and no capabilities', () => {
    const runtime = Object.entries(sut.services).filter(([, s]) => typeof s.build === 'object' && s.build.target === 'runtime');

    expect(runtime.map(([name]) => name)).toEqual(expect.arrayContaining([...serviceNames, 'kafka-init']));
    for (const [name, s] of runtime) {
      expect({ name, read_only: s.read_only, tmpfs: s.tmpfs, cap_drop: s.cap_drop }).toEqual({ name, read_only: true, tmpfs: ['/tmp'], cap_drop: ['ALL'] });
    }
  });

  it('gives each service the HTTP_PORT its config defaults to, publishes it and health-checks it with the image script', () => {
    const script = read('scripts/healthcheck.ts');

    expect(script).toContain('/health/ready');
    expect(script).toMatch(/process\.env\.HTTP_PORT/);
    for (const name of serviceNames) {
      const s = service(name);
      const port = serviceConfigs.get(name)!.httpPort;

      expect(port).toBeDefined();
      expect({ name, HTTP_PORT: envOf(s).HTTP_PORT }).toEqual({ name, HTTP_PORT: String(port) });
      expect({ name, ports: publishedPorts(s) }).toEqual({ name, ports: [{ published: port, target: port }] });
      expect({ name, healthcheck: s.healthcheck?.test }).toEqual({ name, healthcheck: ['CMD', 'node', '/app/dist/scripts/healthcheck.js'] });
    }
  });

  it('publishes the gateway on port 3000', () => {
    expect(publishedPorts(service('gateway'))).toContainEqual({ published: 3000, target: 3000 });
  });

  it('passes each service only environment variables its config schema reads', () => {
    const unknown = serviceNames.flatMap((name) =>
      Object.keys(envOf(service(name)))
        .filter((key) => !serviceConfigs.get(name)!.keys.has(key))
        .map((key) => `${name}: ${key}`),
    );

    expect(unknown).toEqual([]);
  });

  it('overrides every loopback default of a service config with an address reachable in the network', () => {
    const names = resolvableNames(sut);
    const problems: string[] = [];
    // URLs put in messages for people to open (never connected to): the host's view is right for them.
    const linksForPeople = new Set(['ALERTS_LINK_BASE_URL']);
    for (const name of serviceNames) {
      const env = envOf(service(name));
      for (const key of serviceConfigs.get(name)!.loopbackDefaults) {
        if (linksForPeople.has(key)) {
          if (!env[key]) problems.push(`${name}: ${key} not set (defaults to loopback)`);
          continue;
        }
        const value = env[key];
        if (value === undefined || value === '') problems.push(`${name}: ${key} not set (defaults to loopback)`);
        else if (key === 'HTTP_HOST') {
          if (value !== '0.0.0.0') problems.push(`${name}: HTTP_HOST=${value}, expected 0.0.0.0`);
        } else {
          hostsIn(value)
            .filter((host) => !names.has(host))
            .forEach((host) => problems.push(`${name}: ${key} points at ${host}, not a compose service`));
        }
      }
    }

    expect(problems).toEqual([]);
    // The parser must have seen the shared loopback defaults, or the check above checks nothing.
    expect([...serviceConfigs.get('gateway')!.loopbackDefaults].sort()).toEqual(
      ['DATABASE_URL', 'HTTP_HOST', 'KAFKA_BROKERS', 'REDIS_URL'].sort(),
    );
  });

  it('resolves every depends_on to a defined service whose state the condition can observe', () => {
    const problems: string[] = [];
    for (const [name, s] of Object.entries(sut.services)) {
      for (const [target, condition] of Object.entries(dependsOn(s))) {
        const dep = sut.services[target];
        if (!dep) problems.push(`${name} -> ${target}: no such service`);
        else if (condition === 'service_healthy' && (!dep.healthcheck?.test || dep.healthcheck.disable))
          problems.push(`${name} -> ${target}: service_healthy but ${target} has no healthcheck`);
        else if (condition === 'service_completed_successfully' && dep.restart !== 'no')
          problems.push(`${name} -> ${target}: waits for completion but ${target} restarts (${dep.restart})`);
      }
    }

    expect(problems).toEqual([]);
  });

  it('runs Kafka as a single KRaft node, not ZooKeeper', () => {
    const kafka = service('kafka');
    const env = envOf(kafka);
    const listenerNames = listeners(env.KAFKA_LISTENERS).map((l) => l.name);
    const protocolMap = new Set((env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((p) => p.split(':')[0]));

    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(env.KAFKA_PROCESS_ROLES?.split(',').sort()).toEqual(['broker', 'controller']);
    expect(env.KAFKA_ZOOKEEPER_CONNECT).toBeUndefined();
    expect(listenerNames).toContain(env.KAFKA_CONTROLLER_LISTENER_NAMES);
    expect(listenerNames.filter((n) => !protocolMap.has(n))).toEqual([]);
    expect(kafka.healthcheck?.test).toBeDefined();
  });

  it("advertises Kafka's in-network listener under a name the compose network resolves", () => {
    const env = envOf(service('kafka'));
    const names = resolvableNames(sut);
    const advertised = listeners(env.KAFKA_ADVERTISED_LISTENERS);
    const bound = listeners(env.KAFKA_LISTENERS);
    const interBroker = advertised.find((l) => l.name === (env.KAFKA_INTER_BROKER_LISTENER_NAME ?? 'PLAINTEXT'));
    const voters = (env.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '').split(',').map((v) => v.split('@')[1]!.split(':')[0]!);

    expect(interBroker).toBeDefined();
    expect(names.has(interBroker!.host)).toBe(true);
    expect(voters.filter((host) => !names.has(host))).toEqual([]);
    for (const listener of advertised) {
      expect(bound.find((b) => b.name === listener.name)?.port).toBe(listener.port);
    }
  });

  it("points every Kafka client's KAFKA_BROKERS at the broker's in-network advertised listener", () => {
    const names = resolvableNames(sut);
    const inNetwork = listeners(envOf(service('kafka')).KAFKA_ADVERTISED_LISTENERS)
      .filter((l) => names.has(l.host))
      .map((l) => `${l.host}:${l.port}`);
    const clients = Object.entries(sut.services).filter(([, s]) => envOf(s).KAFKA_BROKERS !== undefined);

    expect(clients.map(([name]) => name)).toEqual(expect.arrayContaining([...serviceNames, 'kafka-init']));
    for (const [name, s] of clients) {
      const brokers = envOf(s).KAFKA_BROKERS!.split(',').map((b) => b.trim());
      expect({ name, unadvertised: brokers.filter((b) => !inNetwork.includes(b)) }).toEqual({ name, unadvertised: [] });
    }
  });

  it('creates the topics with the create-topics job (scripts/create-topics.ts compiled), before any service starts', () => {
    const init = service('kafka-init');

    expect(commandOf(init)[0]).toBe('create-topics');
    expect(read('scripts/pum.sh')).toContain('create-topics) entry=dist/scripts/create-topics.js');
    expect(Object.keys(envOf(init)).filter((key) => !createTopicsConfig.keys.has(key))).toEqual([]);
    expect(dependsOn(init).kafka).toBe('service_healthy');
    for (const name of serviceNames) {
      expect({ name, condition: dependsOn(service(name))['kafka-init'] }).toEqual({
        name,
        condition: 'service_completed_successfully',
      });
    }
  });

  it('connects to Postgres with the user, password and database the postgres service creates', () => {
    const pg = envOf(service('postgres'));
    const users = serviceNames.filter((name) => serviceConfigs.get(name)!.keys.has('DATABASE_URL'));

    expect(users.length).toBeGreaterThan(0);
    for (const name of users) {
      const url = new URL(envOf(service(name)).DATABASE_URL!);

      expect({ name, host: url.hostname, db: url.pathname }).toEqual({ name, host: 'postgres', db: `/${pg.POSTGRES_DB}` });
      expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER ?? 'postgres');
      if (pg.POSTGRES_HOST_AUTH_METHOD !== 'trust') expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
      expect(dependsOn(service(name)).postgres).toBe('service_healthy');
    }
  });

  it('connects Redis users to the redis service once it is healthy', () => {
    const users = serviceNames.filter((name) => serviceConfigs.get(name)!.keys.has('REDIS_URL'));

    expect(users.length).toBeGreaterThan(0);
    for (const name of users) {
      expect(new URL(envOf(service(name)).REDIS_URL!).hostname).toBe('redis');
      expect(dependsOn(service(name)).redis).toBe('service_healthy');
    }
  });

  it('binds the devnet on all interfaces and points ingest-chain and the scenario at its port', () => {
    const devnet = commandOf(service('devnet'));
    const devnetPort = Number(devnet[devnet.indexOf('--port') + 1]);
    const rpc = new URL(envOf(service('ingest-chain')).CHAIN_RPC_URL!);
    const scenario = commandOf(service('scenario'));

    expect(devnet[devnet.indexOf('--hostname') + 1]).toBe('0.0.0.0');
    expect({ host: rpc.hostname, port: Number(rpc.port) }).toEqual({ host: 'devnet', port: devnetPort });
    expect(scenario[0]).toBe('tools/devnet/src/scenario.ts');
    expect(scenario[scenario.indexOf('--rpc') + 1]).toBe(rpc.toString().replace(/\/$/, ''));
    expect(dependsOn(service('ingest-chain')).devnet).toBe('service_healthy');
  });

  it('runs the scenario only after every service is healthy', () => {
    const deps = dependsOn(service('scenario'));

    for (const name of [...serviceNames, 'devnet']) expect({ name, condition: deps[name] }).toEqual({ name, condition: 'service_healthy' });
    expect(service('scenario').restart).toBe('no');
  });
});

// ---------------------------------------------------------------- Dockerfile / .dockerignore

describe('Dockerfile', () => {
  const sut = read('Dockerfile');
  const stages = parseDockerfile(sut);
  const stage = (name: string): DockerStage => {
    const found = stages.find((s) => s.name === name);
    if (!found) throw new Error(`Dockerfile has no stage "${name}"`);
    return found;
  };
  const runtime = stage('runtime');
  const launcher = read('scripts/pum.sh');

  it('builds on node:20-bookworm-slim and installs with npm ci from the lockfile', () => {
    expect(sut).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(sut).toMatch(/^ARG NPM_INSTALL=ci$/m);
    expect(stage('deps').instructions.some((i) => i.keyword === 'RUN' && /\bnpm \$\{NPM_INSTALL\}/.test(i.text))).toBe(true);
    expect(sut).toMatch(/package-lock\.json/);
  });

  it('pins an npm that honours the allowScripts policy of the root package.json', () => {
    const rootPackage = JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean> };
    const npmVersion = /^ARG NPM_VERSION=(\d+)\.(\d+)\.(\d+)$/m.exec(sut);

    expect(rootPackage.allowScripts).toBeDefined();
    expect(npmVersion).not.toBeNull();
    expect(Number(npmVersion![1])).toBeGreaterThanOrEqual(11);
  });

  it('compiles in the build stage and makes the runtime stage the default target', () => {
    expect(stage('build').instructions.some((i) => i.keyword === 'RUN' && /npm run -s build\b/.test(i.text))).toBe(true);
    expect(stages.at(-1)!.name).toBe('runtime');
  });

  it('gives the runtime stage production dependencies only, from the lockfile', () => {
    const install = stage('prod-deps').instructions.find((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.text));
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY');

    expect(install?.text).toMatch(/--omit=dev/);
    expect(copies.filter((i) => i.args.includes('/app/node_modules')).map((i) => i.flags.from)).toEqual(['prod-deps']);
    expect(copies.filter((i) => i.flags.from).map((i) => i.flags.from).filter((from) => !['prod-deps', 'build'].includes(from!))).toEqual([]);
    // From the build stage only its output, never its sources or its node_modules.
    expect(copies.filter((i) => i.flags.from === 'build').map((i) => i.args[0])).toEqual(['/app/dist', '/app/apps/dashboard/dist']);
    expect(runtime.base).toBe('${NODE_IMAGE}');
  });

  it('runs services compiled, by name, without TypeScript at run time', () => {
    const copiedSources = runtime.instructions.filter((i) => i.keyword === 'COPY' && !i.flags.from).map((i) => i.args[0]!);

    expect(launcher).toContain('entry="dist/services/$target/src/main.js"');
    expect(launcher).toContain('create-topics) entry=dist/scripts/create-topics.js');
    expect(launcher).toMatch(/exec node "\$entry" "\$@"/);
    expect(runtime.instructions.filter((i) => i.keyword === 'ENTRYPOINT').at(-1)?.args).toEqual(['["pum"]']);
    expect(runtime.instructions.map((i) => i.text).filter((text) => /ts-node|tsconfig-paths/.test(text))).toEqual([]);
    // Data the services read relative to the working directory, and the launcher: no .ts file.
    expect(copiedSources.every((source) => exists(source) && !source.endsWith('.ts'))).toBe(true);
    expect(copiedSources).toEqual(expect.arrayContaining(['config', 'libs/risk-model/model', 'scripts/pum.sh']));
  });

  it('runs the runtime and the tools stage as a non-root user', () => {
    for (const name of ['runtime', 'tools']) {
      const users = stage(name).instructions.filter((i) => i.keyword === 'USER');

      expect({ name, user: users.at(-1)?.args[0] }).toEqual({ name, user: '1000:1000' });
    }
  });

  it('health-checks /health/ready on the HTTP_PORT of the container with a compiled script', () => {
    const healthcheck = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK');

    expect(healthcheck?.text).toContain('/app/dist/scripts/healthcheck.js');
    expect(read('scripts/healthcheck.ts')).toMatch(/process\.env\.HTTP_PORT/);
    expect(read('scripts/healthcheck.ts')).toContain('/health/ready');
    expect(read('scripts/build.ts')).toContain("'scripts/healthcheck.ts'");
  });

  it('keeps the devnet, the scenario and solc in the tools stage only', () => {
    const tools = stage('tools').instructions.map((i) => i.text).join('\n');

    expect(tools).toContain('tools/devnet/src/compile.ts');
    expect(runtime.instructions.map((i) => i.text).filter((text) => /tools\/|hardhat|solc/.test(text))).toEqual([]);
    expect(launcher).toMatch(/hardhat\)/);
  });

  it('keeps dependencies, local state, git data and build output out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));

    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.local', '.git', 'dist']));
  });
});
