import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import type { Role, Tier } from './tiers';
import { UserEntity } from './user.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A key with its owner, as checked on every request. */
export interface KeyWithOwner {
  key: ApiKeyEntity;
  user: UserEntity;
}

/** The SQL of accounts: users and their API keys. */
@Injectable()
export class AccountsRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
  ) {}

  /** Inserts a user; null when the email is taken. */
  async insertUser(user: { email: string; tier: Tier; role: Role }): Promise<UserEntity | null> {
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({ ...user, createdAt: new Date() })
      .orIgnore()
      .returning('*')
      .execute();
    const id = (result.raw as { id?: string }[])[0]?.id;
    return id === undefined ? null : this.users.findOneBy({ id });
  }

  async updateUser(id: string, changes: { tier?: Tier; role?: Role }): Promise<UserEntity | null> {
    await this.users.update({ id }, changes);
    return this.users.findOneBy({ id });
  }

  /** Null for an id that is no uuid too (a JWT `sub` of another system). */
  async findUser(id: string): Promise<UserEntity | null> {
    return UUID.test(id) ? this.users.findOneBy({ id }) : null;
  }

  async findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  /** The first users by creation, oldest first. */
  async listUsers(limit: number): Promise<UserEntity[]> {
    return this.users.find({ order: { createdAt: 'ASC', id: 'ASC' }, take: limit });
  }

  async insertKey(key: Omit<ApiKeyEntity, 'revokedAt' | 'lastUsedAt' | 'createdAt'>): Promise<ApiKeyEntity> {
    return this.keys.save({ ...key, createdAt: new Date(), revokedAt: null, lastUsedAt: null });
  }

  /** A user's keys (revoked ones too), oldest first; every key when no user is given. */
  async listKeys(userId?: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: userId === undefined ? {} : { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async findKeyWithOwner(id: string): Promise<KeyWithOwner | null> {
    const key = await this.keys.findOneBy({ id });
    if (!key) return null;
    const user = await this.users.findOneBy({ id: key.userId });
    return user ? { key, user } : null;
  }

  /** Revokes a key (of the user, when given); false when there is no such live key. */
  async revokeKey(id: string, userId?: string): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull(), ...(userId === undefined ? {} : { userId }) }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async findKey(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  /**
   * Stamps the key's last use unless it was stamped within `intervalSeconds`: the condition is in
   * the UPDATE, so replicas racing on one key write it at most once per interval between them.
   */
  async touchKey(id: string, intervalSeconds: number): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :id', { id })
      .andWhere(`(last_used_at IS NULL OR last_used_at < now() - make_interval(secs => :interval))`, { interval: intervalSeconds })
      .execute();
  }
}
