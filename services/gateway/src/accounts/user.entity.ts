import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role, Tier } from './tiers';

/** A gateway account: its tier sets its limits, its role `admin` opens /api/v1/admin. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower-cased; unique. */
  @Column({ type: 'text', unique: true })
  email!: string;

  @Column({ type: 'text' })
  tier!: Tier;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
