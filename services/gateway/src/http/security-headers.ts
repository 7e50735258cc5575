import type { NextFunction, Request, Response } from 'express';

/** Headers on every answer (OWASP's REST and secure-headers recommendations; helmet is not a dependency). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-DNS-Prefetch-Control': 'off',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** JSON and YAML of the API are never documents to render: no script, no frame, no plugin may run from them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Security headers the gateway sets itself on every answer: no MIME sniffing, no framing, no referrer, an opener
 * policy, and on `/api/` a deny-all Content-Security-Policy (the dashboard and /docs pages keep theirs open to
 * their own assets); HSTS when the request came over https (directly, or per `X-Forwarded-Proto` from a trusted
 * proxy). Express's `X-Powered-By` is turned off in create-app.
 *
 * @example app.use(securityHeaders)
 */
export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  if (request.path.startsWith('/api/')) response.setHeader('Content-Security-Policy', API_CSP);
  if (request.secure) response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
}
