import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RunEntity } from '../runs/run.entity';
import { FeatureSetResultEntity } from './feature-set-result.entity';

/**
 * One model of one feature set of a run. The leaderboard's numbers are columns
 * (sortable, indexable; NULL where the engine reports NaN); the full record
 * (every configuration's fold AUCs, CIs, ROC points, calibration bins, selected
 * features) is jsonb in the results file's own shape.
 */
@Entity({ name: 'model_results' })
@Index('model_results_run_idx', ['runId'])
@Index('model_results_test_auc_idx', ['testAuc'])
@Index('model_results_fs_model_key', ['featureSetResultId', 'model'], { unique: true })
export class ModelResultEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_results_pkey' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'model_results_run_fk' })
  run?: RunEntity;

  @Column({ name: 'feature_set_result_id', type: 'uuid' })
  featureSetResultId!: string;

  @ManyToOne(() => FeatureSetResultEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'feature_set_result_id', foreignKeyConstraintName: 'model_results_feature_set_fk' })
  featureSetResult?: FeatureSetResultEntity;

  @Column({ name: 'feature_set', type: 'text' })
  featureSet!: string;

  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'text' })
  label!: string;

  /** Position of the model in the spec. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'best_params', type: 'jsonb', nullable: true })
  bestParams!: Record<string, unknown> | null;

  @Column({ name: 'cv_auc_mean', type: 'float8', nullable: true })
  cvAucMean!: number | null;

  @Column({ name: 'cv_auc_sd', type: 'float8', nullable: true })
  cvAucSd!: number | null;

  @Column({ name: 'test_auc', type: 'float8', nullable: true })
  testAuc!: number | null;

  @Column({ name: 'test_auc_lower', type: 'float8', nullable: true })
  testAucLower!: number | null;

  @Column({ name: 'test_auc_upper', type: 'float8', nullable: true })
  testAucUpper!: number | null;

  @Column({ type: 'float8', nullable: true })
  accuracy!: number | null;

  @Column({ type: 'float8', nullable: true })
  recall!: number | null;

  @Column({ type: 'float8', nullable: true })
  specificity!: number | null;

  @Column({ type: 'float8', nullable: true })
  f1!: number | null;

  @Column({ type: 'float8', nullable: true })
  brier!: number | null;

  /** The results file's ModelResult without `predictions` (they are in the predictions table). */
  @Column({ type: 'jsonb' })
  record!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
