/**
 * `npm run build`: every library and service (libs/<name>/src, services/<name>/src) and the one-shot jobs of scripts/
 * (create-topics, the image's healthcheck) compiled by SWC into dist/, the repository's layout mirrored (dist/services/gateway/src/main.js).
 * `@pum/*` imports become relative requires (the paths of tsconfig.base.json, rewritten by SWC), so `node dist/…`
 * needs neither ts-node nor tsconfig-paths, and the workspaces' `main` (their sources, for jest and ts-node) stays.
 *
 * Incremental: dist/.build-manifest.json keeps each source's hash; unchanged files are not compiled again and
 * outputs whose source is gone are deleted. Types are not checked here (`npm run typecheck`, in `npm test`).
 * Every relative require of the output must land on a compiled file, so an import of the test tooling
 * (`@pum/testing`, `@pum/devnet`, which dist/ does not hold) fails the build instead of the service.
 *   --force   compile everything
 */
import { transformFile, version as swcVersion, type Options } from '@swc/core';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'dist');
const MANIFEST = join(OUT, '.build-manifest.json');

/** Source roots compiled in full (specs excepted), and single entry points. */
const SOURCE_ROOTS = ['libs', 'services'].flatMap((group) =>
  readdirSync(join(ROOT, group))
    .map((name) => `${group}/${name}/src`)
    .filter((dir) => existsSync(join(ROOT, dir))),
);
const ENTRY_FILES = ['scripts/create-topics.ts', 'scripts/healthcheck.ts'];
/** Read at run time next to the code (`__dirname`-relative), so copied as they are. */
const ASSETS = ['services/gateway/openapi.yaml'];

const isSpec = (file: string): boolean => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file) || file.endsWith('.d.ts');

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    return entry.isDirectory() ? walk(rel) : [rel];
  });
}

interface Manifest {
  options: string;
  files: Record<string, string>;
}

const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
const swcrc = JSON.parse(readFileSync(join(ROOT, '.swcrc.json'), 'utf8')) as Options;

/** The SWC options of one file: the repository's .swcrc.json (as jest and ts-node use it) plus the path aliases. */
function swcOptions(file: string): Options {
  return {
    ...swcrc,
    swcrc: false,
    configFile: false,
    filename: join(ROOT, file),
    sourceMaps: true,
    sourceFileName: relative(dirname(join(OUT, file)), join(ROOT, file)),
    jsc: { ...swcrc.jsc, baseUrl: ROOT, paths: tsconfig.compilerOptions.paths },
  };
}

const outputOf = (file: string): string => join(OUT, file.replace(/\.ts$/, '.js'));
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

function writeAtomically(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function readManifest(options: string, force: boolean): Manifest {
  if (force || !existsSync(MANIFEST)) return { options, files: {} };
  try {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    return manifest.options === options ? manifest : { options, files: {} };
  } catch {
    return { options, files: {} };
  }
}

/** Relative requires of compiled code that resolve to nothing in dist/. */
function unresolvedRequires(outputs: Set<string>): string[] {
  const problems: string[] = [];
  for (const out of outputs) {
    if (!out.endsWith('.js')) continue;
    for (const m of readFileSync(out, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]*)"\)/g)) {
      const target = resolve(dirname(out), m[1]!);
      const found = [target, `${target}.js`, join(target, 'index.js')].some((candidate) => outputs.has(candidate));
      if (!found) problems.push(`${relative(ROOT, out)}: require("${m[1]}")`);
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const started = Date.now();
  const force = process.argv.includes('--force');
  const sources = [...SOURCE_ROOTS.flatMap(walk), ...ENTRY_FILES].filter((file) => /\.(ts|js)$/.test(file) && !isSpec(file)).sort();
  const options = sha256(JSON.stringify({ swcVersion, swcrc, paths: tsconfig.compilerOptions.paths, script: readFileSync(__filename, 'utf8') }));
  const previous = readManifest(options, force);
  const next: Manifest = { options, files: {} };
  let compiled = 0;

  await Promise.all(
    [...sources, ...ASSETS].map(async (file) => {
      const content = readFileSync(join(ROOT, file));
      const hash = sha256(content);
      next.files[file] = hash;
      const out = file.endsWith('.ts') ? outputOf(file) : join(OUT, file);
      if (previous.files[file] === hash && existsSync(out)) return;
      compiled++;
      if (!file.endsWith('.ts')) {
        writeAtomically(out, content);
        return;
      }
      const result = await transformFile(join(ROOT, file), swcOptions(file));
      const mapName = `${out.split('/').at(-1)}.map`;
      writeAtomically(out, `${result.code}\n//# sourceMappingURL=${mapName}\n`);
      if (result.map) writeAtomically(`${out}.map`, result.map);
    }),
  );

  let removed = 0;
  for (const file of Object.keys(previous.files)) {
    if (file in next.files) continue;
    const out = file.endsWith('.ts') ? outputOf(file) : join(OUT, file);
    rmSync(out, { force: true });
    rmSync(`${out}.map`, { force: true });
    removed++;
  }

  const outputs = new Set(Object.keys(next.files).map((file) => (file.endsWith('.ts') ? outputOf(file) : join(OUT, file))));
  const problems = unresolvedRequires(outputs);
  if (problems.length > 0) {
    // No manifest: the next build looks at everything again.
    rmSync(MANIFEST, { force: true });
    throw new Error(`compiled code requires what dist/ does not hold (test tooling or a file outside libs/*/src, services/*/src):\n  ${problems.join('\n  ')}`);
  }
  writeAtomically(MANIFEST, `${JSON.stringify(next)}\n`);
  const ms = Date.now() - started;
  process.stderr.write(`build: ${compiled} of ${Object.keys(next.files).length} files compiled${removed ? `, ${removed} removed` : ''} into dist/ in ${ms} ms\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
