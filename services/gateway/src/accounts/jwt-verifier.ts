import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { GatewayConfig } from '../config';
import { InvalidCredentialsError } from './errors';
import type { Principal } from './principal';
import { tier as tierSchema, type Role } from './tiers';

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies JWT bearer tokens with jose: HS256 against GATEWAY_JWT_SECRET, anything asymmetric against
 * the provider's JWKS (GATEWAY_JWT_JWKS_URL, fetched and cached by `createRemoteJWKSet`, refetched on
 * an unknown `kid`). `iss` and `aud` must match the configuration; the user is `sub`, the tier the
 * configured tier claim (absent: free), `admin` in the role claim makes an admin.
 */
export class JwtVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: GatewayConfig) {
    if (config.GATEWAY_JWT_SECRET !== undefined) this.secret = new TextEncoder().encode(config.GATEWAY_JWT_SECRET);
    if (config.GATEWAY_JWT_JWKS_URL !== undefined) this.jwks = createRemoteJWKSet(new URL(config.GATEWAY_JWT_JWKS_URL), { timeoutDuration: 5000 });
  }

  async verify(token: string): Promise<Principal> {
    const payload = await this.payloadOf(token);
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidCredentialsError('token has no sub');
    const claimed = payload[this.config.GATEWAY_JWT_TIER_CLAIM] ?? 'free';
    const tier = tierSchema.safeParse(claimed);
    if (!tier.success) throw new InvalidCredentialsError(`token claims an unknown tier ${JSON.stringify(claimed)}`);
    const roles = [payload[this.config.GATEWAY_JWT_ROLE_CLAIM]].flat();
    const role: Role = roles.includes('admin') ? 'admin' : 'user';
    const validUntil = ((payload.exp as number) + this.config.GATEWAY_JWT_CLOCK_TOLERANCE_SECONDS) * 1000; // exp is required
    return { kind: 'jwt', userId: payload.sub, tier: tier.data, role, limitKey: `user:${payload.sub}`, validUntil };
  }

  private async payloadOf(token: string): Promise<JWTPayload> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new InvalidCredentialsError('malformed token');
    }
    const options = {
      issuer: this.config.GATEWAY_JWT_ISSUER,
      audience: this.config.GATEWAY_JWT_AUDIENCE,
      clockTolerance: this.config.GATEWAY_JWT_CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
    };
    try {
      if (alg === 'HS256' && this.secret) return (await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] })).payload;
      if (alg !== undefined && ASYMMETRIC.includes(alg) && this.jwks) return (await jwtVerify(token, this.jwks, { ...options, algorithms: ASYMMETRIC })).payload;
    } catch (error) {
      throw new InvalidCredentialsError(reasonOf(error));
    }
    throw new InvalidCredentialsError(this.secret || this.jwks ? `tokens signed with ${alg ?? 'no algorithm'} are not accepted` : 'JWT bearer tokens are not enabled on this gateway');
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token ${error.claim} claim invalid: ${error.reason}`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'token signed with an unknown key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof errors.JOSEError) return `invalid token (${error.code})`;
  // The JWKS could not be fetched: still the caller's credentials cannot be checked.
  return 'token could not be verified';
}
