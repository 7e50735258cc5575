/**
 * The kubectl path, generated from the Helm chart: a kustomize base (the chart rendered with
 * deploy/k8s/ci/minimal-values.yaml) and one overlay per ci values file, each the base plus the objects and
 * RFC 6902 patches that turn it into that file's render. `kubectl kustomize deploy/kustomize/overlays/<name>`
 * so gives what `helm template` gives (e2e/kustomize.spec.ts checks both, and that the files are current).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { helmTemplate } from '../helm/helm';

const ROOT = path.resolve(__dirname, '..', '..');
const CHART = path.join(ROOT, 'deploy', 'k8s');
const CI_DIR = path.join(CHART, 'ci');
const BASE_VALUES = 'minimal-values.yaml';
const HEADER = '# Generated from deploy/k8s by scripts/k8s/generate-kustomize.ts; do not edit (npm run -s kustomize:generate).\n';

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Operation = { op: 'add' | 'replace'; path: string; value: Json } | { op: 'remove'; path: string };

/**
 * The chart's objects for a ci values file as kubectl users get them: short names (`pum-gateway`), the setup Job
 * as a plain Job, no Helm bookkeeping labels.
 */
export function renderForKubectl(valuesFile: string): KObject[] {
  const overrides = path.join(ROOT, 'deploy', 'kustomize', 'chart-values.yaml');
  const result = helmTemplate(CHART, [path.join(CI_DIR, valuesFile), overrides], { name: 'pum' });
  if (!result.ok) throw new Error(`helm template (${valuesFile}) failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJSON() as KObject | null)
    .filter((object): object is KObject => object !== null)
    .map((object) => relabel(object) as KObject);
}

/** Drops `helm.sh/chart` and says who manages the object, wherever labels appear (metadata, pod templates). */
function relabel(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relabel);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'labels' && value !== null && typeof value === 'object') {
      const labels = { ...(value as Record<string, string>) };
      delete labels['helm.sh/chart'];
      if ('app.kubernetes.io/managed-by' in labels) labels['app.kubernetes.io/managed-by'] = 'kustomize';
      out[key] = labels;
    } else {
      out[key] = relabel(value);
    }
  }
  return out;
}

const pointer = (parts: string[]): string => parts.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
const isObject = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * RFC 6902 operations turning `from` into `to`: maps are walked key by key, anything else (lists included) is
 * replaced whole, which keeps patches readable and exact.
 *
 * @example jsonDiff({ a: 1, b: [1] }, { a: 2, c: true }) // replace /a, remove /b, add /c
 */
export function jsonDiff(from: Json, to: Json, at: string[] = []): Operation[] {
  if (isObject(from) && isObject(to)) {
    const ops: Operation[] = [];
    for (const key of Object.keys(from)) {
      if (!(key in to)) ops.push({ op: 'remove', path: pointer([...at, key]) });
      else ops.push(...jsonDiff(from[key]!, to[key]!, [...at, key]));
    }
    for (const key of Object.keys(to)) if (!(key in from)) ops.push({ op: 'add', path: pointer([...at, key]), value: to[key]! });
    return ops;
  }
  return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ op: 'replace', path: pointer(at), value: to }];
}

const id = (object: KObject): string => `${object.kind}/${object.metadata.name}`;
const fileName = (object: KObject): string => `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
const yaml = (value: unknown): string => stringify(value, { lineWidth: 0 });

/** Every file of deploy/kustomize, by path relative to it. */
export function generateKustomize(): Map<string, string> {
  const files = new Map<string, string>();
  const base = renderForKubectl(BASE_VALUES);
  for (const object of base) files.set(`base/${fileName(object)}`, HEADER + yaml(object));
  files.set('base/kustomization.yaml', HEADER + yaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: base.map(fileName) }));

  const byId = new Map(base.map((object) => [id(object), object]));
  for (const valuesFile of readdirSync(CI_DIR).filter((file) => file.endsWith('-values.yaml')).sort()) {
    const overlay = `overlays/${valuesFile.replace(/-values\.yaml$/, '')}`;
    const objects = renderForKubectl(valuesFile);
    const wanted = new Set(objects.map(id));
    const resources = ['../../base'];
    const patches: Array<{ target: { group?: string; version: string; kind: string; name: string }; path: string }> = [];
    for (const object of objects) {
      const original = byId.get(id(object));
      if (!original) {
        files.set(`${overlay}/${fileName(object)}`, HEADER + yaml(object));
        resources.push(fileName(object));
        continue;
      }
      const ops = jsonDiff(original as unknown as Json, object as unknown as Json);
      if (ops.length === 0) continue;
      const patch = `patch-${fileName(object)}`;
      files.set(`${overlay}/${patch}`, HEADER + yaml(ops));
      patches.push({ target: targetOf(object), path: patch });
    }
    // A base object this values file does not render is deleted by a $patch: delete.
    for (const object of base.filter((o) => !wanted.has(id(o)))) {
      const patch = `delete-${fileName(object)}`;
      files.set(`${overlay}/${patch}`, HEADER + yaml({ $patch: 'delete', apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata.name } }));
      patches.push({ target: targetOf(object), path: patch });
    }
    const kustomization: Record<string, unknown> = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
    if (patches.length > 0) kustomization.patches = patches;
    files.set(`${overlay}/kustomization.yaml`, HEADER + yaml(kustomization));
  }
  return files;
}

function targetOf(object: KObject): { group?: string; version: string; kind: string; name: string } {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [undefined, object.apiVersion];
  return { ...(group ? { group } : {}), version: version!, kind: object.kind, name: object.metadata.name };
}
