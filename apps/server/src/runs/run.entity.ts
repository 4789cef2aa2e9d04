import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { ExperimentEntity } from '../experiments/experiment.entity';
import { ProjectEntity } from '../projects/project.entities';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * One execution of an experiment version on a dataset: status, progress, the
 * split and fold of every training patient (fixed at launch, so every task and
 * every retry uses the same ones), and the results file's header once known.
 */
@Entity({ name: 'runs' })
@Index('runs_experiment_idx', ['experimentId'])
@Index('runs_dataset_idx', ['datasetId'])
@Index('runs_project_idx', ['projectId'])
@Index('runs_created_at_id_idx', ['createdAt', 'id']) // the runs list's keyset paging
export class RunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'runs_pkey' })
  id!: string;

  /** The project the row belongs to (null: created before access control, or by an admin outside any project). */
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'runs_project_fk' })
  project?: Relation<ProjectEntity>; // Relation: no eager type reference across the import cycle (runs <-> projects)

  @Column({ name: 'experiment_id', type: 'uuid' })
  experimentId!: string;

  @ManyToOne(() => ExperimentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'experiment_id', foreignKeyConstraintName: 'runs_experiment_fk' })
  experiment?: Relation<ExperimentEntity>;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId!: string;

  @ManyToOne(() => DatasetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'dataset_id', foreignKeyConstraintName: 'runs_dataset_fk' })
  dataset?: Relation<DatasetEntity>;

  @Column({ type: 'text' })
  status!: RunStatus;

  @Column({ type: 'integer' })
  seed!: number;

  /** Test ids given at launch instead of the spec's split (null = the spec's split). */
  @Column({ name: 'test_ids', type: 'jsonb', nullable: true })
  testIds!: string[] | null;

  /** Each training patient's CV fold given at launch instead of the spec's CV ({id: fold}; null = the spec's CV). */
  @Column({ name: 'fold_assignment', type: 'jsonb', nullable: true })
  foldAssignment!: Record<string, number> | null;

  /** `split` and `cv` of the results file: train/test ids and each training id's CV fold per repeat. */
  @Column({ type: 'jsonb' })
  split!: { type: string; trainIds: string[]; testIds: string[] };

  @Column({ type: 'jsonb' })
  cv!: { type: string; foldsPerRepeat: number; repeats: number; foldOfTrainId: number[][] };

  /** The results file without featureSets and timings (set by the first finished task). */
  @Column({ type: 'jsonb', nullable: true })
  header!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  software!: Record<string, string> | null;

  @Column({ name: 'tasks_total', type: 'integer' })
  tasksTotal!: number;

  @Column({ name: 'tasks_done', type: 'integer', default: 0 })
  tasksDone!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  // Curation (migration 1735500000000): what people say about a run, never read by the engine.

  /** A name given by a person (null: none yet; the dashboard shows the experiment and the id). */
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  /** Notes in Markdown (rendered by the dashboard's safe renderer, never as HTML); null: none. */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** Tags, each matching TAG_PATTERN (api-contract runs.ts), in the order added; null: none (empty values stay null so a revert counts only real ones). */
  @Column({ type: 'jsonb', nullable: true })
  tags!: string[] | null;

  /** When the run was archived (null: not archived); archived runs are left out of lists unless asked for. */
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}
