import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** What this module reads of an express 5 router layer. */
interface RouteLayer {
  match(path: string): unknown;
  route?: { methods: Record<string, boolean> };
}

/**
 * 405 with `Allow` for a path the app serves under other methods only; everything else goes on (an unknown path stays
 * a 404). Express would answer 404 alike, as Nest's not-found handler sees no route. Registered before the routes,
 * it reads them from the express router at the first request, once Nest has added them all. HEAD is allowed wherever
 * GET is (express serves it); OPTIONS preflights are answered by CORS before this runs.
 *
 * @example app.use(methodNotAllowed(app)) // in the app's configure step, before init
 */
export function methodNotAllowed(app: INestApplication) {
  let routes: RouteLayer[] | undefined;
  return (request: Request, response: Response, next: NextFunction): void => {
    routes ??= ((app.getHttpAdapter().getInstance() as { router: { stack: RouteLayer[] } }).router.stack).filter((layer) => layer.route !== undefined);
    const allowed = new Set(routes.filter((layer) => layer.match(request.path)).flatMap((layer) => Object.keys(layer.route!.methods).map((method) => method.toUpperCase())));
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.size === 0 || allowed.has(request.method)) return next();
    const allow = [...allowed].sort().join(', ');
    response
      .status(405)
      .setHeader('Allow', allow)
      .json({ statusCode: 405, error: 'Method Not Allowed', message: `${request.method} is not served on ${request.path}; allowed: ${allow}` });
  };
}
