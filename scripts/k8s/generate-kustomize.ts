/** Writes deploy/kustomize from the Helm chart (scripts/k8s/kustomize.ts): `npm run -s kustomize:generate`. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateKustomize } from './kustomize';

const OUT = path.resolve(__dirname, '..', '..', 'deploy', 'kustomize');
const files = generateKustomize();
for (const dir of ['base', 'overlays']) rmSync(path.join(OUT, dir), { recursive: true, force: true });
for (const [file, text] of files) {
  mkdirSync(path.dirname(path.join(OUT, file)), { recursive: true });
  writeFileSync(path.join(OUT, file), text);
}
process.stderr.write(`deploy/kustomize: ${files.size} files\n`);
