import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts so: recognisable in logs and by secret scanners. */
export const API_KEY_PREFIX = 'pum_';
const FORMAT = /^pum_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A new key: the public id (its `pum_<id>` prefix is listable) and the full key, shown once. */
export interface GeneratedKey {
  id: string;
  key: string;
  secretHash: Buffer;
}

/**
 * A random API key `pum_<12 hex public id>_<43 base64url chars of a 256-bit secret>`.
 *
 * @example generateApiKey().key // 'pum_3f9c0a1b2c4d_Yk…'
 */
export function generateApiKey(): GeneratedKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `${API_KEY_PREFIX}${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The public id and secret of a well-formed key; null for anything else. */
export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = FORMAT.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/**
 * SHA-256, not a slow password hash: the secret is 256 random bits, so a leaked hash cannot be
 * brute-forced anyway, and checking a key on every request stays a microsecond.
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Whether the secret hashes to the stored hash, in constant time. */
export function secretMatches(secret: string, stored: Buffer): boolean {
  const hash = hashSecret(secret);
  return hash.length === stored.length && timingSafeEqual(hash, stored);
}

/** The listable form of a key id. */
export function keyPrefix(id: string): string {
  return `${API_KEY_PREFIX}${id}`;
}
