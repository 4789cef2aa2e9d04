import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One version of an experiment: the spec as validated (camelCase, the experiment
 * file's form). Editing creates version n + 1 under the same name; runs point at
 * the version they ran, which never changes.
 */
@Entity({ name: 'experiments' })
@Index('experiments_name_version_key', ['name', 'version'], { unique: true })
export class ExperimentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'experiments_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb' })
  spec!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
