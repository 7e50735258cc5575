/**
 * The runtime image without docker: the Dockerfile's runtime stage assembled in a temporary folder (its COPY lines:
 * the production install from the lockfile, dist/, config/, the risk model, the dashboard, the entrypoint), then the
 * gateway and a consumer started from it by the image's entrypoint, as the image's non-root user on a tree it cannot
 * write, against the real broker, Postgres and Redis.
 */
import { TOPICS } from '@pum/contracts';
import {
  assembleRuntimeLayout,
  clearRedisPrefix,
  dropSchema,
  isolatedServiceEnv,
  KafkaProbe,
  spawnService,
  uniqueToken,
  waitFor,
  type RuntimeLayout,
  type SpawnedService,
} from '@pum/testing';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { networkStatusMessage } from '../services/gateway/test/messages';

const ROOT = join(__dirname, '..');
/** The image's `USER 1000:1000`. */
const IMAGE_USER = 1000;
const SERVICES_UNDER_TEST = ['gateway', 'alerts'] as const;

/** Files under `dir` (relative), node_modules left out. */
function filesOutsideNodeModules(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === 'node_modules') return [];
    return entry.isDirectory() ? filesOutsideNodeModules(dir, rel) : [rel];
  });
}

describe('the runtime image, assembled without docker', () => {
  const token = uniqueToken('layout');
  const probe = new KafkaProbe(`${token}.`);
  const envOf = (service: string): Record<string, string> => ({
    ...isolatedServiceEnv(token, { SERVICE: service, DATABASE_SCHEMA: `${token}_${service}`.toLowerCase().replace(/-/g, '_') }),
    // What a read-only root filesystem leaves: /tmp (the image's ENV comes from the layout).
    HOME: '/tmp',
  });
  let layout: RuntimeLayout;
  const running = new Map<string, SpawnedService>();

  beforeAll(async () => {
    layout = assembleRuntimeLayout();
    // The services consume topics: they exist before start-up, as the create-topics job makes them.
    await probe.createTopics(1);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...running.values()].map((service) => service.stop()));
    await probe.dispose();
    for (const service of SERVICES_UNDER_TEST) await dropSchema(envOf(service).DATABASE_SCHEMA!);
    await clearRedisPrefix(`${token}:`);
    layout?.dispose();
  });

  it('holds the production dependencies and the compiled code only', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const installed = (name: string): boolean => existsSync(join(layout.dir, 'node_modules', name, 'package.json'));
    const services = readdirSync(join(ROOT, 'services'));
    // What the lockfile knows to be needed only for development (hardhat, solc, jest, …; `devOptional`: ts-node, typescript).
    const devOnly = Object.entries(lock.packages)
      .filter(([location, entry]) => location.startsWith('node_modules/') && (entry.dev === true || entry.devOptional === true))
      .map(([location]) => location);

    expect(devOnly.length).toBeGreaterThan(100);
    expect(devOnly.filter((location) => existsSync(join(layout.dir, location, 'package.json')))).toEqual([]);
    // Optional peers npm would keep for typeorm, abitype and ts-node (npm/cli#6282) are gone too.
    expect(['typescript', 'ts-node', '@swc/core', 'tsconfig-paths'].filter(installed)).toEqual([]);
    expect(Object.keys(root.dependencies).filter((name) => !installed(name))).toEqual([]);
    expect(filesOutsideNodeModules(layout.dir).filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(services.filter((name) => !existsSync(join(layout.dir, 'dist', 'services', name, 'src', 'main.js')))).toEqual([]);
  });

  it('is read-only for the image user, as a read-only root filesystem would be, except /tmp', () => {
    const write = (dir: string): boolean => {
      try {
        execFileSync('sh', ['-c', `touch "${dir}/.probe-${token}" && rm "${dir}/.probe-${token}"`], { uid: IMAGE_USER, gid: IMAGE_USER, stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    };

    expect([layout.dir, join(layout.dir, 'dist'), join(layout.dir, 'node_modules')].filter(write)).toEqual([]);
    expect(write('/tmp')).toBe(true);
  });

  it.each(SERVICES_UNDER_TEST)(
    '%s starts from it by the entrypoint, as the non-root user, and is ready',
    async (name) => {
      const sut = await spawnService(name, { ...layout.env, ...envOf(name), PUM_HOME: layout.dir }, 90_000, {
        command: ['sh', layout.launcher, name],
        cwd: layout.dir,
        uid: IMAGE_USER,
        gid: IMAGE_USER,
      });
      running.set(name, sut);

      const body = await waitFor(
        async () => {
          const response = await fetch(`${sut.url}/health/ready`);
          return response.status === 200 ? ((await response.json()) as { status: string; checks: Record<string, { status: string }> }) : undefined;
        },
        { timeoutMs: 30_000, what: `${name} ready` },
      );
      expect(body.status).toBe('ok');
      expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(['kafka', 'postgres']));
      expect(Object.entries(body.checks).filter(([, check]) => check.status !== 'up')).toEqual([]);
    },
    120_000,
  );

  it('serves from the compiled gateway what it consumes, its OpenAPI document and the dashboard', async () => {
    const gateway = running.get('gateway');
    if (!gateway) throw new Error('the gateway did not start');
    const status = networkStatusMessage({ chainId: 31337, network: 'devnet', headBlock: '4242', ingestedBlock: '4240', lagBlocks: 2 });

    await probe.send(probe.namer.physical(TOPICS.networkStatus), [{ key: '31337', value: JSON.stringify(status) }]);

    const devnet = await waitFor(
      async () => {
        const body = (await (await fetch(`${gateway.url}/api/v1/networks`)).json()) as { items: Array<{ chainId: number; headBlock: string | null }> };
        return body.items.find((network) => network.chainId === 31337 && network.headBlock === '4242');
      },
      { what: 'the devnet status consumed and served' },
    );
    expect(devnet).toMatchObject({ status: 'ok', ingestedBlock: '4240', lagBlocks: 2 });
    expect(await (await fetch(`${gateway.url}/api/v1/openapi.yaml`)).text()).toMatch(/^openapi: 3/m);
    const page = await fetch(`${gateway.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="app"|<script type="module"/);
  });
});
