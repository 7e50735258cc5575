/**
 * Real Helm (helm-java, in-process: scripts/helm/HelmRunner.java) for the chart checks and the kustomize
 * generator, with no helm binary. The jars come from Maven Central through scripts/ensure-helm.sh, run here
 * when the cache is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const LIBS = path.join(ROOT, '.local', 'helm', 'libs');
const RUNNER = path.join(ROOT, 'scripts', 'helm', 'HelmRunner.java');

/**
 * The Kubernetes version the checks render for. helm-java embeds Helm as a library, without the build flags that
 * set its default capabilities, so left alone it renders for Kubernetes v1.20.0 and refuses the chart's
 * `kubeVersion: >=1.25.0-0`; this is the version of the API schemas `kubernetes-models` validates against.
 */
export const KUBE_VERSION = '1.32.0';

export interface HelmResult {
  ok: boolean;
  /** Helm's own output: lint messages, or the rendered manifests. */
  stdout: string;
  stderr: string;
}

/** The jars (fetched when missing) and the runner compiled once per source version: the classpath to run it with. */
function ensureHelm(): string {
  if (!existsSync(path.join(LIBS, '.complete'))) {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'ensure-helm.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const source = readFileSync(RUNNER);
  const classes = path.join(ROOT, '.local', 'helm', `classes-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`);
  if (!existsSync(path.join(classes, 'HelmRunner.class'))) {
    const building = `${classes}.${process.pid}.tmp`;
    mkdirSync(building, { recursive: true });
    execFileSync('javac', ['-nowarn', '-cp', `${LIBS}/*`, '-d', building, RUNNER], { stdio: ['ignore', 'ignore', 'inherit'] });
    try {
      renameSync(building, classes);
    } catch {
      // Another jest worker compiled the same source first: use its classes.
      rmSync(building, { recursive: true, force: true });
    }
  }
  return `${classes}:${LIBS}/*`;
}

function run(args: string[]): HelmResult {
  const classpath = ensureHelm();
  const result = spawnSync('java', ['-Xmx256m', '-cp', classpath, 'HelmRunner', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Values merged the way Helm merges `-f` files over a chart's values.yaml: maps deep, anything else replaced,
 * `null` deleting the key.
 *
 * @example mergeValues({ a: { b: 1, c: 2 } }, { a: { c: null, d: 3 } }) // { a: { b: 1, d: 3 } }
 */
export function mergeValues(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(out[key])) out[key] = mergeValues(out[key], value);
    else out[key] = value;
  }
  return out;
}

/**
 * `helm lint [--strict] <chart> -f <values>...`. helm-java's lint takes no values files, so it lints a copy of
 * the chart whose values.yaml holds the chart's values with the files merged over them, as Helm would.
 */
export function helmLint(chart: string, valuesFiles: string[] = [], options: { strict?: boolean } = {}): HelmResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'pum-helm-lint-'));
  try {
    const copy = path.join(dir, path.basename(chart));
    cpSync(chart, copy, { recursive: true });
    const values = valuesFiles.reduce(
      (merged, file) => mergeValues(merged, (parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null) ?? {}),
      (parse(readFileSync(path.join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown> | null) ?? {},
    );
    writeFileSync(path.join(copy, 'values.yaml'), stringify(values));
    return run(['lint', copy, ...(options.strict ? ['--strict'] : [])]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm template <name> <chart> -f <values>... --kube-version KUBE_VERSION`: the manifests, or Helm's error. */
export function helmTemplate(
  chart: string,
  valuesFiles: string[] = [],
  options: { name?: string; namespace?: string; kubeVersion?: string | null } = {},
): HelmResult {
  const args = ['template', chart, '--name', options.name ?? 'pum', ...valuesFiles.flatMap((file) => ['-f', file])];
  if (options.namespace) args.push('--namespace', options.namespace);
  // null: Helm's own default capabilities (what a caller who forgets the version gets).
  if (options.kubeVersion !== null) args.push('--kube-version', options.kubeVersion ?? KUBE_VERSION);
  return run(args);
}
