import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { ProjectEntity } from '../projects/project.entities';

/**
 * One version of an experiment: the spec as validated (camelCase, the experiment
 * file's form). Editing creates version n + 1 under the same name in the same
 * project (versions count per project); runs point at the version they ran, which never changes.
 */
@Entity({ name: 'experiments' })
@Index('experiments_project_name_version_key', ['projectId', 'name', 'version'], { unique: true }) // NULLS NOT DISTINCT (migration 1734000000000)
@Index('experiments_project_idx', ['projectId'])
export class ExperimentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'experiments_pkey' })
  id!: string;

  /** The project the row belongs to (null: created before access control, or by an admin outside any project). */
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'experiments_project_fk' })
  project?: Relation<ProjectEntity>; // Relation: no eager type reference across the import cycle (runs <-> projects)

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
