import { AccountsService } from './accounts.service';
import { API_KEY_PREFIX } from './api-key-format';
import { MissingCredentialsError } from './errors';
import type { JwtVerifier } from './jwt-verifier';
import { anonymous, type Credentials, type Principal } from './principal';

/**
 * Credentials → principal, the same for REST and Socket.IO: an API key (also as a `Bearer pum_…`),
 * else a JWT, else anonymous (free tier by IP) when anonymous access is on. Throws
 * InvalidCredentialsError for bad credentials whatever the anonymous setting, MissingCredentialsError
 * when none are given and anonymous access is off.
 */
export class Authenticator {
  constructor(
    private readonly accounts: AccountsService,
    private readonly jwt: JwtVerifier,
    private readonly anonymousAccess: boolean,
  ) {}

  async authenticate(credentials: Credentials, ip: string): Promise<Principal> {
    const token = credentials.token?.trim();
    const apiKey = credentials.apiKey?.trim() || (token?.startsWith(API_KEY_PREFIX) ? token : undefined);
    if (apiKey) return this.accounts.authenticateKey(apiKey);
    if (token) return this.jwt.verify(token);
    if (!this.anonymousAccess) throw new MissingCredentialsError('credentials required: an X-API-Key header or an Authorization: Bearer token');
    return anonymous(ip);
  }
}

/**
 * The credentials of HTTP headers: `X-API-Key`, `Authorization: Bearer <jwt | pum_ key>`.
 *
 * @example credentialsOfHeaders({ 'x-api-key': 'pum_…' }) // { apiKey: 'pum_…' }
 */
export function credentialsOfHeaders(headers: Record<string, string | string[] | undefined>): Credentials {
  const apiKey = [headers['x-api-key']].flat()[0];
  const authorization = [headers.authorization].flat()[0];
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  return { apiKey: apiKey || undefined, token: bearer ?? (authorization ? authorization : undefined) };
}
