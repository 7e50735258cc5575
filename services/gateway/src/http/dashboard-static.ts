import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
/** Precompressed siblings the dashboard build writes (apps/dashboard/vite.config.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** What the handler is mounted on: the Nest application (its Express instance underneath) or an Express app. */
export interface MiddlewareHost {
  use(handler: RequestHandler): unknown;
}

/**
 * Serves the built dashboard (apps/dashboard/dist) at `/`: `index.html` revalidated on every load (`no-cache`), the
 * content-hashed `assets/` immutable for a year, each as its precompressed `.br` / `.gz` sibling when the client
 * accepts it. Only files of the build are answered; everything else (the API, /socket.io, /health) passes through.
 * No directory (or an empty setting) means no dashboard, logged once.
 */
export function serveDashboard(app: MiddlewareHost, dir: string, logger: LoggerService): void {
  const root = dir ? resolve(dir) : '';
  if (!root || !existsSync(join(root, 'index.html'))) {
    logger.log({ msg: 'dashboard not served: no build found', dashboard_dir: root || null, hint: 'bash apps/dashboard/build.sh (npm start builds it)' });
    return;
  }
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const path = request.path === '/' ? '/index.html' : request.path;
    const file = resolveInside(root, path);
    if (!file || !TYPES[extname(file)] || !isFile(file)) return next();
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const encoding = ENCODINGS.find((e) => new RegExp(`\\b${e.name}\\b`).test(accepted) && isFile(file + e.suffix));
    response.setHeader('Content-Type', TYPES[extname(file)]!);
    response.setHeader('Vary', 'Accept-Encoding');
    response.setHeader('Cache-Control', file.startsWith(join(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (encoding) response.setHeader('Content-Encoding', encoding.name);
    response.sendFile(file + (encoding?.suffix ?? ''), { cacheControl: false, acceptRanges: !encoding, dotfiles: 'deny' }, (error) => error && next(error));
  });
  logger.log({ msg: 'dashboard served at /', dashboard_dir: root });
}

/** The file a URL path names inside `root`; null for a malformed path or one that leaves it. */
function resolveInside(root: string, path: string): string | null {
  try {
    const file = resolve(root, `.${decodeURIComponent(path)}`);
    return file.startsWith(root + sep) ? file : null;
  } catch {
    return null;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
