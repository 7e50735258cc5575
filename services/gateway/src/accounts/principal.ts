import type { Role, Tier } from './tiers';

/**
 * Who is calling, once credentials are checked: an API key of a gateway user, a JWT (its `sub` the
 * user), or nobody (anonymous, limited by client IP). `limitKey` is what rate and connection limits count by.
 */
export type Principal =
  | { kind: 'api_key'; userId: string; keyId: string; tier: Tier; role: Role; limitKey: string }
  | { kind: 'jwt'; userId: string; tier: Tier; role: Role; limitKey: string; /** `exp` plus the clock tolerance, epoch ms. */ validUntil: number }
  | { kind: 'anonymous'; ip: string; tier: 'free'; role: 'user'; limitKey: string };

/** The credentials a request or a socket handshake carries (at most one is used: the API key first). */
export interface Credentials {
  apiKey?: string;
  token?: string;
}

export function anonymous(ip: string): Principal {
  return { kind: 'anonymous', ip, tier: 'free', role: 'user', limitKey: `ip:${ip}` };
}
