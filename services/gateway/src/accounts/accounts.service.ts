import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { apiKeyView, userView, type ApiKeyView, type CreatedApiKeyView, type UserView } from './account.views';
import { AccountsRepository } from './accounts.repository';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-format';
import { InvalidCredentialsError } from './errors';
import type { Principal } from './principal';
import type { Role, Tier } from './tiers';

/** A key's last use is written at most this often: a read per request, a write per minute. */
export const LAST_USED_INTERVAL_SECONDS = 60;

/** Users, their keys, and checking a presented key. */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(private readonly accounts: AccountsRepository) {}

  async createUser(input: { email: string; tier: Tier; role: Role }): Promise<UserView> {
    const user = await this.accounts.insertUser({ ...input, email: input.email.toLowerCase() });
    if (!user) throw new ConflictException(`a user with email ${input.email.toLowerCase()} exists`);
    return userView(user);
  }

  /** The user with this email, created with the given tier and role when there is none (idempotent). */
  async ensureUser(input: { email: string; tier: Tier; role: Role }): Promise<UserView> {
    const email = input.email.toLowerCase();
    const user = (await this.accounts.insertUser({ ...input, email })) ?? (await this.accounts.findUserByEmail(email));
    if (!user) throw new Error(`user ${email} neither inserted nor found`);
    return userView(user);
  }

  async updateUser(id: string, changes: { tier?: Tier; role?: Role }): Promise<UserView> {
    await this.getUser(id);
    const user = await this.accounts.updateUser(id, changes);
    if (!user) throw new NotFoundException(`no user with id ${id}`);
    return userView(user);
  }

  async getUser(id: string): Promise<UserView> {
    const user = await this.accounts.findUser(id);
    if (!user) throw new NotFoundException(`no user with id ${id}`);
    return userView(user);
  }

  /** A user by id or email (what an operator types). */
  async findUser(idOrEmail: string): Promise<UserView> {
    const user = idOrEmail.includes('@') ? await this.accounts.findUserByEmail(idOrEmail.toLowerCase()) : await this.accounts.findUser(idOrEmail);
    if (!user) throw new NotFoundException(`no user ${idOrEmail}`);
    return userView(user);
  }

  async findUserOrNull(id: string): Promise<UserView | null> {
    const user = await this.accounts.findUser(id);
    return user && userView(user);
  }

  async listUsers(limit = 500): Promise<UserView[]> {
    return (await this.accounts.listUsers(limit)).map(userView);
  }

  /** A new key for the user; the returned `key` is never stored nor shown again. */
  async createKey(userId: string, name: string): Promise<CreatedApiKeyView> {
    await this.getUser(userId);
    const generated = generateApiKey();
    const row = await this.accounts.insertKey({ id: generated.id, userId, name, secretHash: generated.secretHash });
    return { ...apiKeyView(row), key: generated.key };
  }

  /** A user's keys (404 for no such user), or every key when no user is given. */
  async listKeys(userId?: string): Promise<ApiKeyView[]> {
    if (userId !== undefined) await this.getUser(userId);
    return (await this.accounts.listKeys(userId)).map(apiKeyView);
  }

  /** Revokes a key (only the user's own, when a user is given); 404 when there is no such live key. */
  async revokeKey(keyId: string, userId?: string): Promise<ApiKeyView> {
    const id = keyId.replace(/^pum_/, '');
    if (!(await this.accounts.revokeKey(id, userId))) {
      const key = await this.accounts.findKey(id);
      const visible = key !== null && (userId === undefined || key.userId === userId);
      throw new NotFoundException(visible ? `key ${keyId} is already revoked` : `no key ${keyId}`);
    }
    const key = await this.accounts.findKey(id);
    if (!key) throw new NotFoundException(`no key ${keyId}`);
    return apiKeyView(key);
  }

  /** Whether a full key is live (exists, not revoked, secret matching). */
  async isLiveKey(key: string): Promise<boolean> {
    try {
      await this.authenticateKey(key);
      return true;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return false;
      throw error;
    }
  }

  /**
   * The principal of a presented key, its tier and role its user's. One primary-key read per request
   * (no cache, so a revocation holds at once on every replica); last use stamped in the background.
   */
  async authenticateKey(key: string): Promise<Principal> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new InvalidCredentialsError('malformed API key');
    const found = await this.accounts.findKeyWithOwner(parsed.id);
    if (!found || !secretMatches(parsed.secret, found.key.secretHash)) throw new InvalidCredentialsError('unknown API key');
    if (found.key.revokedAt !== null) throw new InvalidCredentialsError('revoked API key');
    const { key: row, user } = found;
    if (row.lastUsedAt === null || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_INTERVAL_SECONDS * 1000) {
      this.accounts.touchKey(row.id, LAST_USED_INTERVAL_SECONDS).catch((error: unknown) => {
        this.logger.warn({ msg: 'api key last use not recorded', key_id: row.id, error: error instanceof Error ? error.message : String(error) });
      });
    }
    return { kind: 'api_key', userId: user.id, keyId: row.id, tier: user.tier, role: user.role, limitKey: `user:${user.id}` };
  }
}
