import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { ProjectEntity } from '../projects/project.entities';
import { LockedModelEntity } from './locked-model.entity';

export type ValidationStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * One external validation of a locked model on an uploaded dataset (a queue task): what was asked,
 * its status, and once done the engine's validation report (per centre and pooled metrics with CIs,
 * curves, recalibration, transportability) without its predictions, which are in external_predictions.
 */
@Entity({ name: 'external_validations' })
@Index('external_validations_locked_model_idx', ['lockedModelId'])
export class ExternalValidationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'external_validations_pkey' })
  id!: string;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'external_validations_project_fk' })
  project?: Relation<ProjectEntity>;

  @Column({ name: 'locked_model_id', type: 'uuid' })
  lockedModelId!: string;

  @ManyToOne(() => LockedModelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'locked_model_id', foreignKeyConstraintName: 'external_validations_locked_model_fk' })
  lockedModel?: Relation<LockedModelEntity>;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId!: string;

  @ManyToOne(() => DatasetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'dataset_id', foreignKeyConstraintName: 'external_validations_dataset_fk' })
  dataset?: Relation<DatasetEntity>;

  @Column({ name: 'centre_column', type: 'text', nullable: true })
  centreColumn!: string | null;

  /** {method: 'intercept' | 'intercept-slope', fitOn: {column, value}} or null. */
  @Column({ type: 'jsonb', nullable: true })
  recalibration!: Record<string, unknown> | null;

  @Column({ type: 'integer' })
  bootstrap!: number;

  /** The bootstrap's seed (the request's, default 42): the report's settings.seed. */
  @Column({ type: 'integer', default: 42 })
  seed!: number;

  @Column({ type: 'text' })
  status!: ValidationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'job_id', type: 'text', nullable: true })
  jobId!: string | null;

  @Column({ type: 'text', nullable: true })
  worker!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The engine's ValidationReport without `results.predictions` and the recalibration's predictions. */
  @Column({ type: 'jsonb', nullable: true })
  report!: Record<string, unknown> | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** The running attempt's last heartbeat (the database's now()); the lost-task sweep hands a silent one to another worker. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;
}

/**
 * The predictions of one validation as parallel arrays: kind 'external' (the locked model on every patient
 * of the cohort) or 'recalibrated' (the recalibrated model on the rows it was not fitted on). Binary:
 * labels and probabilities; survival: times, events, linear predictors and survival at `survival_times`
 * (row-major, patients x times).
 */
@Entity({ name: 'external_predictions' })
export class ExternalPredictionSetEntity {
  @PrimaryColumn({ name: 'validation_id', type: 'uuid', primaryKeyConstraintName: 'external_predictions_pkey' })
  validationId!: string;

  @ManyToOne(() => ExternalValidationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'validation_id', foreignKeyConstraintName: 'external_predictions_validation_fk' })
  validation?: Relation<ExternalValidationEntity>;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'external_predictions_pkey' })
  kind!: string;

  @Column({ type: 'text', array: true })
  ids!: string[];

  @Column({ type: 'text', array: true, nullable: true })
  centres!: string[] | null;

  @Column({ type: 'smallint', array: true, nullable: true })
  labels!: number[] | null;

  @Column({ type: 'float8', array: true, nullable: true })
  probabilities!: number[] | null;

  @Column({ type: 'float8', array: true, nullable: true })
  times!: number[] | null;

  @Column({ type: 'smallint', array: true, nullable: true })
  events!: number[] | null;

  @Column({ name: 'linear_predictors', type: 'float8', array: true, nullable: true })
  linearPredictors!: number[] | null;

  @Column({ name: 'survival_times', type: 'float8', array: true, nullable: true })
  survivalTimes!: number[] | null;

  @Column({ type: 'float8', array: true, nullable: true })
  survival!: number[] | null;
}

export const LOCKED_MODEL_ENTITIES = [LockedModelEntity, ExternalValidationEntity, ExternalPredictionSetEntity];
