import { keyPrefix } from './api-key-format';
import type { ApiKeyEntity } from './api-key.entity';
import type { Role, Tier, TierLimits } from './tiers';
import type { UserEntity } from './user.entity';

export interface UserView {
  id: string;
  email: string;
  tier: Tier;
  role: Role;
  createdAt: string;
}

/** A key as listed: never its secret. */
export interface ApiKeyView {
  id: string;
  /** `pum_<id>`: how the key starts. */
  prefix: string;
  userId: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A key just created: the only time `key` is shown. */
export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
}

export interface MeView {
  /** How the caller authenticated. */
  credential: 'api_key' | 'jwt';
  /** The gateway account (null for a JWT whose `sub` is no gateway user). */
  user: UserView | null;
  userId: string;
  tier: Tier;
  role: Role;
  limits: TierLimits;
}

export function userView(user: UserEntity): UserView {
  return { id: user.id, email: user.email, tier: user.tier, role: user.role, createdAt: user.createdAt.toISOString() };
}

export function apiKeyView(key: ApiKeyEntity): ApiKeyView {
  return {
    id: key.id,
    prefix: keyPrefix(key.id),
    userId: key.userId,
    name: key.name,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}
