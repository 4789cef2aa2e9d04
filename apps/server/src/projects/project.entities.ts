import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { RunEntity } from '../runs/run.entity';
import { UserEntity } from '../users/user.entity';

/** The roles a member can have in a project (what each may do: access/permissions.ts). */
export const ROLES = ['owner', 'data_scientist', 'pi', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/** A study: groups datasets, experiments and runs; people take part through memberships. */
@Entity({ name: 'projects' })
@Index('projects_name_key', ['name'], { unique: true })
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'projects_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'project_members' })
@Check('project_members_role_check', `"role" IN ('owner', 'data_scientist', 'pi', 'reviewer')`)
export class MembershipEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid', primaryKeyConstraintName: 'project_members_pkey' })
  projectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'project_members_project_fk' })
  project?: ProjectEntity;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'project_members_pkey' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'project_members_user_fk' })
  user?: UserEntity;

  @Column({ type: 'text' })
  role!: Role;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A run a reviewer may read (its stored results, never the dataset rows). */
@Entity({ name: 'run_shares' })
export class RunShareEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'run_shares_pkey' })
  runId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'run_shares_run_fk' })
  run?: Relation<RunEntity>; // Relation: no eager type reference across the import cycle (runs <-> projects)

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'run_shares_pkey' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'run_shares_user_fk' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
