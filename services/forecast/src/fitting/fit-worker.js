// Entry of a fit worker thread (piscina loads it with require). Plain JavaScript on purpose: a worker
// starts without the parent's TypeScript loader when the parent is jest (@swc/jest transforms only
// its own module registry), so it registers ts-node itself — the loader `node -r ts-node/register`
// gives the service (tsconfig.base.json: swc, tsconfig-paths, which maps `@pum/timeseries` to
// libs/timeseries from the repository root, the working directory of jest, scripts/start.sh and the
// image). Under the service the worker inherits that `-r` and this require is a no-op (the module is
// cached). Then it runs fit-task.ts: the same model code the service ran in-process before.
require('ts-node/register');
module.exports = require('./fit-task').runFit;
