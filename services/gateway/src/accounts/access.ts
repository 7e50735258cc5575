import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './principal';

/** `any`: anonymous too (when allowed); `account`: a key or JWT; `admin`: a key or JWT of role admin. */
export type AccessLevel = 'any' | 'account' | 'admin';
export const ACCESS_LEVEL = Symbol('ACCESS_LEVEL');

/** The credentials a controller or route requires (routes without it: `any`). */
export const Access = (level: AccessLevel) => SetMetadata(ACCESS_LEVEL, level);

export type RequestWithPrincipal = Request & { principal?: Principal };

/** The authenticated caller of the request (set by AccessGuard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('no principal on the request: is AccessGuard registered?');
  return principal;
});

/** Paths served without credentials or limits: probes, metrics, the API's own description. */
export function isOpenPath(path: string): boolean {
  return /^\/(health(\/|$)|metrics$|docs(\/|$)|api\/v1\/openapi\.)/.test(path);
}
