import type { PublicUser } from '@radsweep/api-contract';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A person who signs in. `passwordHash` is an scrypt string (see password-hash.ts)
 * or null (no password login: e.g. the first-start admin until a password is set).
 * Admins may do everything in every project and manage users.
 */
@Entity({ name: 'users' })
@Index('users_username_key', ['username'], { unique: true })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin!: boolean;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** What the API shows of a user (never the hash): the shape the dashboard reads too. */
export type { PublicUser } from '@radsweep/api-contract';

export function publicUser(u: UserEntity): PublicUser {
  return { id: u.id, username: u.username, displayName: u.displayName, isAdmin: u.isAdmin, disabled: u.disabled, hasPassword: u.passwordHash !== null, createdAt: u.createdAt };
}
