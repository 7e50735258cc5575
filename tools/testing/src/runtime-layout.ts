import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { parseDockerfile, type DockerInstruction, type DockerStage } from './dockerfile';

const ROOT = join(__dirname, '..', '..', '..');

export interface RuntimeLayout {
  /** The image's working directory (/app), rebuilt: what the runtime stage copies there, nothing else. */
  dir: string;
  /** The image's entrypoint inside the layout (`pum`, scripts/pum.sh): run as `sh <launcher> <service>` with PUM_HOME=dir. */
  launcher: string;
  /** The runtime stage's ENV (NODE_ENV, HTTP_HOST, NODE_OPTIONS, …): what every process in the image starts with. */
  env: Record<string, string>;
  /** Where the production install came from: `cache` (`.local/runtime-deps/<hash>`) or `installed` now. */
  deps: 'cache' | 'installed';
  dispose: () => void;
}

const stageOf = (stages: DockerStage[], name: string): DockerStage => {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`Dockerfile has no stage "${name}"`);
  return stage;
};

/** The shell command of a RUN instruction (its flags, e.g. `--mount=type=cache`, left out). */
const shellOf = (run: DockerInstruction): string => run.args.join(' ');

/**
 * The Dockerfile's runtime stage assembled in a temporary folder outside the repository, without docker: the build
 * stage's RUN commands run in the checkout (npm run build, the dashboard; both cached), the prod-deps stage's RUN
 * (`npm ci --omit=dev …` from the lockfile) run in a folder of its own, and every COPY of the runtime stage then
 * copied from the place that stage names: the production install, the build output, the build context. The folder
 * lies in the OS temp dir, so Node finds no other node_modules above it.
 *
 * The production install is kept under `.local/runtime-deps/<hash>` (hash of the lockfile, package.json's dependency
 * fields and the install command) and hard-linked into each layout, so only the first run per lockfile pays for the download.
 *
 * @example const layout = assembleRuntimeLayout(); spawn('sh', [layout.launcher, 'gateway'], { cwd: layout.dir, env: { PUM_HOME: layout.dir } })
 */
export function assembleRuntimeLayout(): RuntimeLayout {
  const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stageOf(stages, 'runtime');
  const workdir = runtime.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args[0] ?? '/';

  for (const run of stageOf(stages, 'build').instructions.filter((i) => i.keyword === 'RUN')) {
    execFileSync('sh', ['-c', shellOf(run)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  }
  const { dir: depsDir, source } = productionInstall(stageOf(stages, 'prod-deps'));

  const dir = mkdtempSync(join(tmpdir(), 'pum-runtime-'));
  chmodSync(dir, 0o755);
  let launcher: string | undefined;
  for (const copy of runtime.instructions.filter((i) => i.keyword === 'COPY')) {
    const [from, to] = copy.args as [string, string];
    const target = isAbsolute(to) ? join(dir, '.image', to) : join(dir, to);
    mkdirSync(dirname(target), { recursive: true });
    switch (copy.flags.from) {
      case 'prod-deps':
        if (from !== '/app/node_modules') throw new Error(`runtime stage copies ${from} from prod-deps: only /app/node_modules is known`);
        // Hard links: as fast as a symlink, but a real directory, as in the image.
        execFileSync('cp', ['-al', join(depsDir, 'node_modules'), target]);
        break;
      case 'build':
        if (!from.startsWith('/app/')) throw new Error(`runtime stage copies ${from} from build: only /app/… is known`);
        cpSync(join(ROOT, from.slice('/app/'.length)), target, { recursive: true });
        break;
      case undefined:
        cpSync(join(ROOT, from), target, { recursive: true });
        break;
      default:
        throw new Error(`runtime stage copies from stage ${copy.flags.from}, which this layout does not know`);
    }
    if (copy.flags.chmod) chmodSync(target, Number.parseInt(copy.flags.chmod, 8));
    if (to === '/usr/local/bin/pum') launcher = target;
  }
  if (!launcher) throw new Error(`the runtime stage installs no /usr/local/bin/pum (work dir ${workdir})`);
  const env = Object.fromEntries(
    runtime.instructions
      .filter((i) => i.keyword === 'ENV')
      .flatMap((i) => i.args)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1).replace(/^"(.*)"$/, '$1')]),
  );
  return { dir, launcher, env, deps: source, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The prod-deps stage's install, from the cache or made now (in a temp folder, then moved into the cache). */
function productionInstall(stage: DockerStage): { dir: string; source: 'cache' | 'installed' } {
  const run = stage.instructions.find((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.text));
  if (!run) throw new Error('the prod-deps stage runs no npm ci');
  const command = shellOf(run);
  // What the install reads of package.json: not its scripts, so adding one keeps the cache.
  const { dependencies, devDependencies, optionalDependencies, workspaces, overrides, allowScripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const hash = createHash('sha256')
    .update(readFileSync(join(ROOT, 'package-lock.json')))
    .update(JSON.stringify({ dependencies, devDependencies, optionalDependencies, workspaces, overrides, allowScripts }))
    .update(command)
    .digest('hex')
    .slice(0, 16);
  const cacheRoot = join(ROOT, '.local', 'runtime-deps');
  const cached = join(cacheRoot, hash);
  if (existsSync(join(cached, 'node_modules'))) return { dir: cached, source: 'cache' };

  const staging = mkdtempSync(join(tmpdir(), 'pum-prod-deps-'));
  try {
    // What the stage's `COPY --from=manifests` gives it: package.json files and the lockfile.
    for (const file of ['package.json', 'package-lock.json', ...workspaceManifests()]) {
      mkdirSync(dirname(join(staging, file)), { recursive: true });
      cpSync(join(ROOT, file), join(staging, file));
    }
    execFileSync('sh', ['-c', command], { cwd: staging, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false' } });
    mkdirSync(cacheRoot, { recursive: true });
    try {
      renameSync(staging, cached);
    } catch (error) {
      // Another run filled the cache meanwhile: same lockfile, same result.
      if (!existsSync(join(cached, 'node_modules'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir: cached, source: 'installed' };
}

function workspaceManifests(): string[] {
  return ['libs', 'services', 'tools'].flatMap((group) =>
    readdirSync(join(ROOT, group))
      .map((name) => `${group}/${name}/package.json`)
      .filter((file) => existsSync(join(ROOT, file))),
  );
}
