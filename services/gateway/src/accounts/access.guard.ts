import { ForbiddenException, HttpException, HttpStatus, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { ACCESS_LEVEL, isOpenPath, type AccessLevel, type RequestWithPrincipal } from './access';
import { AccessMetrics, type AccessOutcome } from './access-metrics';
import { Authenticator, credentialsOfHeaders } from './authenticator';
import { InvalidCredentialsError, MissingCredentialsError } from './errors';
import type { Principal } from './principal';
import { RequestRateLimiter, type RateLimitState } from './request-rate-limiter';

const unauthorized = (message: string) => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message });

/**
 * The gateway's one gate for REST (a global guard; Kafka handlers and socket messages pass through):
 * authenticates the request, counts it against its tier's requests a minute — `RateLimit-Limit`,
 * `RateLimit-Remaining`, `RateLimit-Reset` on every answer, 429 with `Retry-After` beyond it — and
 * checks the route's access level (401 anonymous on an account route, 403 non-admin on an admin one).
 * Invalid credentials are 401 even where anonymous access would do. Open paths (isOpenPath) skip it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly limiter: RequestRateLimiter,
    private readonly metrics: AccessMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    if (isOpenPath(request.path)) return true;
    const level = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_LEVEL, [context.getHandler(), context.getClass()]) ?? 'any';
    const principal = await this.principalOf(request);
    const count = (outcome: AccessOutcome) => this.metrics.requests.inc({ outcome, credential: principal.kind });
    const state = await this.limit(principal, context.switchToHttp().getResponse<Response>());
    if (!state.allowed) {
      count('rate_limited');
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: `rate limit of the ${principal.tier} tier (${state.limit} requests a minute) reached; retry in ${state.resetSeconds} s` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (level !== 'any' && principal.kind === 'anonymous') {
      count('unauthorized');
      throw unauthorized('this route needs an API key or a JWT');
    }
    if (level === 'admin' && principal.role !== 'admin') {
      count('forbidden');
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'this route needs the admin role' });
    }
    count('allowed');
    request.principal = principal;
    return true;
  }

  private async principalOf(request: RequestWithPrincipal): Promise<Principal> {
    try {
      return await this.authenticator.authenticate(credentialsOfHeaders(request.headers), request.ip ?? request.socket.remoteAddress ?? 'unknown');
    } catch (error) {
      if (error instanceof InvalidCredentialsError || error instanceof MissingCredentialsError) {
        this.metrics.requests.inc({ outcome: 'unauthorized', credential: error instanceof InvalidCredentialsError ? 'invalid' : 'anonymous' });
        throw unauthorized(error.message);
      }
      throw error;
    }
  }

  /** Counts the request and sets the RateLimit headers, and Retry-After when it is over the limit. */
  private async limit(principal: Principal, response: Response): Promise<RateLimitState> {
    const state = await this.limiter.consume(principal.tier, principal.limitKey);
    response.setHeader('RateLimit-Limit', state.limit);
    response.setHeader('RateLimit-Remaining', state.remaining);
    response.setHeader('RateLimit-Reset', state.resetSeconds);
    response.setHeader('RateLimit-Policy', `${state.limit};w=60`);
    if (!state.allowed) response.setHeader('Retry-After', state.resetSeconds);
    return state;
  }
}
