import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An API key of a user: only the SHA-256 of its secret is kept (see api-key-format.ts). */
@Entity({ name: 'api_keys' })
@Index('api_keys_user_idx', ['userId', 'createdAt'])
export class ApiKeyEntity {
  /** The public id: the key reads `pum_<id>_<secret>`. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Updated at most once a minute per key (accounts.service.ts). */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
