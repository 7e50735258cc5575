// Entry of a fit worker thread (piscina loads it with require). Plain JavaScript on purpose: a worker
// starts without the parent's TypeScript loader when the parent is jest (@swc/jest transforms only
// its own module registry), so from the sources it registers ts-node itself — the loader `node -r ts-node/register`
// gives the service (tsconfig.base.json: swc, tsconfig-paths, which maps `@pum/timeseries` to
// libs/timeseries from the repository root, the working directory of jest and the dev tools). Under ts-node the
// worker inherits that `-r` and this require is a no-op (the module is cached). In the build (`npm run build`
// copies this file beside the compiled fit-task.js, whose imports are already relative) there is no ts-node to
// register, nor any need. Then it runs fit-task: the same model code the service ran in-process before.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (!existsSync(join(__dirname, 'fit-task.js'))) require('ts-node/register');
module.exports = require('./fit-task').runFit;
