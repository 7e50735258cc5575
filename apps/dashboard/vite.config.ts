import preact from '@preact/preset-vite';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

/**
 * Writes `.br` and `.gz` beside every text asset of the build, so the gateway serves them precompressed
 * (services/gateway/src/http/dashboard-static.ts) without a compression middleware or work per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'pum-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
      for (const file of walk(outDir).filter((path) => /\.(js|css|html|svg|json)$/.test(path))) {
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

// Vite + Preact: a 4 kB runtime with React's hooks API, a fast maintained build, and no framework server to run —
// the gateway serves the static files.
export default defineConfig({
  root: here,
  base: './',
  plugins: [preact(), precompress()],
  resolve: {
    alias: {
      '@pum/client': join(root, 'libs/client/src/index.ts'),
      '@pum/contracts': join(root, 'libs/contracts/src/index.ts'),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } } },
});
