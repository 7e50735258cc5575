/**
 * The kubectl path (deploy/kustomize) is generated from the chart (scripts/k8s/kustomize.ts): the committed files
 * are what the generator writes now, and `kubectl kustomize` builds each overlay into exactly the objects the
 * chart renders for that ci values file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { generateKustomize, jsonDiff, renderForKubectl, type KObject } from '../scripts/k8s/kustomize';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'deploy/kustomize');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${entry}/`) : [`${prefix}${entry}`];
  });
}

const sorted = (objects: KObject[]): KObject[] => [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

describe('deploy/kustomize', () => {
  let generated: Map<string, string>;
  beforeAll(() => {
    generated = generateKustomize();
  });

  it('is what scripts/k8s/generate-kustomize.ts generates from the chart now (npm run -s kustomize:generate)', () => {
    const onDisk = filesUnder(OUT).filter((file) => file.startsWith('base/') || file.startsWith('overlays/')).sort();

    expect(onDisk).toEqual([...generated.keys()].sort());
    const stale = [...generated].filter(([file, text]) => readFileSync(path.join(OUT, file), 'utf8') !== text).map(([file]) => file);
    expect(stale).toEqual([]);
  });

  it.each(['minimal', 'production'])('builds overlays/%s with kubectl kustomize into the objects the chart renders for its values', (overlay) => {
    const built = execFileSync('kubectl', ['kustomize', path.join(OUT, 'overlays', overlay)], { encoding: 'utf8' });
    const sut = parseAllDocuments(built).map((doc) => doc.toJSON() as KObject);

    expect(sorted(sut)).toEqual(sorted(renderForKubectl(`${overlay}-values.yaml`)));
    expect(sut.length).toBeGreaterThan(30);
  });
});

describe('jsonDiff', () => {
  it('walks maps, replaces lists whole, escapes / in keys', () => {
    expect(jsonDiff({ a: 1, b: [1, 2], l: { 'x/y': 'v' } }, { a: 2, b: [1, 3], l: {}, c: true })).toEqual([
      { op: 'replace', path: '/a', value: 2 },
      { op: 'replace', path: '/b', value: [1, 3] },
      { op: 'remove', path: '/l/x~1y' },
      { op: 'add', path: '/c', value: true },
    ]);
  });
});
