import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { StageSpec } from './two-stage/stage-plan';
import { RunEntity } from './run.entity';

/** 'waiting': a two-stage task whose inputs are not all stored yet (no queue job). */
export type TaskStatus = 'waiting' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** 'sweep': a whole feature set; the others are the two-stage graph's tasks (two-stage/stage-plan.ts). */
export type TaskStage = 'sweep' | 'prepare' | 'fit' | 'combine';

/**
 * One queued unit of a run: a feature set with all its models. The engine fits
 * the preprocessing chain (imputation, scaling, t-test, LASSO CV) once per CV
 * fold of a feature set and reuses it for every model; that chain costs more than
 * all the seed sweep's model fits together, so a finer unit would redo it per task.
 * A run is a two-stage graph instead (unless RADSWEEP_TWO_STAGE=0; survival: per endpoint x feature set): the chain of each fold is a task
 * whose result is stored as an artefact, read by batches of fits and by each model's combine task.
 */
@Entity({ name: 'run_tasks' })
@Index('run_tasks_run_feature_set_key', ['runId', 'featureSet', 'stage', 'part'], { unique: true })
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

  @Column({ type: 'text', default: 'sweep' })
  stage!: TaskStage;

  /** The fold, batch or model index of a stage task within its feature set (0 for a sweep). */
  @Column({ type: 'integer', default: 0 })
  part!: number;

  /** What a stage task does (StageSpec); null for a sweep. */
  @Column({ name: 'stage_spec', type: 'jsonb', nullable: true })
  stageSpec!: StageSpec | null;

  /** Tasks whose artefacts this one reads; it is queued once they are all done. */
  @Column({ name: 'depends_on', type: 'uuid', array: true, nullable: true })
  dependsOn!: string[] | null;

  /** The sha256 key of the artefact a done stage task stored. */
  @Column({ type: 'text', nullable: true })
  artefact!: string | null;

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
