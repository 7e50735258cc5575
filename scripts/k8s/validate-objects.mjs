// Validates Kubernetes objects offline against the API's JSON schemas with `kubernetes-models` (ESM only, hence a
// child `node` process from jest): reads a JSON array of objects on stdin, prints a JSON array of
// { kind, name, status: 'valid' | 'invalid' | 'unknown', errors } on stdout. `unknown`: an apiVersion/kind the
// package has no model of (custom resources such as prometheus-operator's).
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));

/** `apps/v1` + `Deployment` → `kubernetes-models/apps/v1/Deployment`; core `v1` → `kubernetes-models/v1/…`. */
function modulePath(apiVersion, kind) {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const results = [];
for (const object of objects) {
  const name = object?.metadata?.name ?? '(unnamed)';
  const kind = object?.kind ?? '(no kind)';
  let Model;
  try {
    const module = await import(modulePath(object.apiVersion, object.kind));
    Model = module[object.kind] ?? module.default;
  } catch {
    results.push({ kind, apiVersion: object?.apiVersion, name, status: 'unknown', errors: [] });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ kind, apiVersion: object.apiVersion, name, status: 'valid', errors: [] });
  } catch (error) {
    const errors = Array.isArray(error?.errors)
      ? error.errors.map((e) => `${e.instancePath || e.dataPath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
      : [String(error?.message ?? error)];
    results.push({ kind, apiVersion: object.apiVersion, name, status: 'invalid', errors });
  }
}
process.stdout.write(JSON.stringify(results));
