import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { ProjectEntity } from '../projects/project.entities';
import { ModelResultEntity } from '../results/model-result.entity';
import { RunEntity } from '../runs/run.entity';
import { SurvivalModelResultEntity } from '../survival/survival.entities';

/**
 * A locked model made from one model of a finished run: the sealed file's exact text (the engine's
 * canonical JSON with its own sha256) and what it is. Never changed once written: the service has no
 * update path, and a database trigger (migration 1735400000000) refuses UPDATE and DELETE of a row.
 * It comes from a binary model (`model_result_id`) or a survival model (`survival_model_result_id`,
 * migration 1735800000000): exactly one of the two is set.
 */
@Entity({ name: 'locked_models' })
@Index('locked_models_project_idx', ['projectId'])
@Index('locked_models_model_result_idx', ['modelResultId'])
@Index('locked_models_survival_model_result_idx', ['survivalModelResultId'])
@Check('locked_models_one_result', 'num_nonnulls("model_result_id", "survival_model_result_id") = 1')
export class LockedModelEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'locked_models_pkey' })
  id!: string;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'locked_models_project_fk' })
  project?: Relation<ProjectEntity>;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'locked_models_run_fk' })
  run?: Relation<RunEntity>;

  /** The model_results row a binary model was locked from (null for a survival model). */
  @Column({ name: 'model_result_id', type: 'uuid', nullable: true })
  modelResultId!: string | null;

  @ManyToOne(() => ModelResultEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_result_id', foreignKeyConstraintName: 'locked_models_model_result_fk' })
  modelResult?: Relation<ModelResultEntity>;

  /** The survival_model_results row a survival model was locked from (null for a binary model). */
  @Column({ name: 'survival_model_result_id', type: 'uuid', nullable: true })
  survivalModelResultId!: string | null;

  @ManyToOne(() => SurvivalModelResultEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survival_model_result_id', foreignKeyConstraintName: 'locked_models_survival_model_result_fk' })
  survivalModelResult?: Relation<SurvivalModelResultEntity>;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'feature_set', type: 'text' })
  featureSet!: string;

  @Column({ type: 'text' })
  model!: string;

  /** 'binary' or 'survival' (the locked file's endpoint type). */
  @Column({ name: 'endpoint_type', type: 'text' })
  endpointType!: string;

  /** The file's own sha256 (its "sha256" key: over every other key of its canonical content). */
  @Column({ type: 'text' })
  sha256!: string;

  /** sha256 of the file's bytes, as downloaded. */
  @Column({ name: 'file_sha256', type: 'text' })
  fileSha256!: string;

  @Column({ name: 'format_version', type: 'integer' })
  formatVersion!: number;

  /** How the lock was checked: the refit's and the locked file's test predictions equal the run's stored ones, bit for bit. */
  @Column({ type: 'jsonb' })
  verification!: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The sealed file, byte for byte (UTF-8 text). */
  @Column({ type: 'text' })
  text!: string;
}
