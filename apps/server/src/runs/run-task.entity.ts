import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RunEntity } from './run.entity';

export type TaskStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * One queued unit of a run: a feature set with all its models. The engine fits
 * the preprocessing chain (imputation, scaling, t-test, LASSO CV) once per CV
 * fold of a feature set and reuses it for every model; that chain costs more than
 * all the seed sweep's model fits together, so a finer unit would redo it per task.
 */
@Entity({ name: 'run_tasks' })
@Index('run_tasks_run_feature_set_key', ['runId', 'featureSet'], { unique: true })
export class RunTaskEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'run_tasks_pkey' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'run_tasks_run_fk' })
  run?: RunEntity;

  @Column({ name: 'feature_set', type: 'text' })
  featureSet!: string;

  /** Position of the feature set in the spec (the results file's order). */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'job_id', type: 'text', nullable: true })
  jobId!: string | null;

  @Column({ type: 'text', nullable: true })
  worker!: string | null;

  /** Model fits done / planned (the engine's progress within the task). */
  @Column({ name: 'fits_done', type: 'integer', default: 0 })
  fitsDone!: number;

  @Column({ name: 'fits_total', type: 'integer', default: 0 })
  fitsTotal!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Last sign of life of the worker running the task; a stale one means the worker died (the task is retried). */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
