import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { RunEntity } from '../runs/run.entity';

/**
 * One time-to-event endpoint of a run, written at launch: its columns, event codes and horizons, how many
 * competing events the cohort has (stored censored), the split and CV folds fixed for it (each endpoint has
 * its own, stratified on its event indicator) and the fingerprint of its test patients (comparison group).
 */
@Entity({ name: 'survival_endpoints' })
@Index('survival_endpoints_run_name_key', ['runId', 'name'], { unique: true })
export class SurvivalEndpointEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'survival_endpoints_pkey' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'survival_endpoints_run_fk' })
  run?: RunEntity;

  @Column({ type: 'text' })
  name!: string;

  /** Position of the endpoint in the spec. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'time_column', type: 'text' })
  timeColumn!: string;

  @Column({ name: 'event_column', type: 'text' })
  eventColumn!: string;

  @Column({ name: 'event_codes', type: 'jsonb' })
  eventCodes!: number[];

  @Column({ type: 'jsonb' })
  horizons!: number[];

  /** { count, handling: 'censored at their time (cause-specific)' } */
  @Column({ name: 'competing_events', type: 'jsonb' })
  competingEvents!: { count: number; handling: 'censored at their time (cause-specific)' };

  @Column({ type: 'jsonb' })
  cohort!: { n: number; events: number };

  /** sha256 (hex) of the sorted test ids, one a line. */
  @Column({ name: 'test_set_sha256', type: 'text' })
  testSetSha256!: string;

  @Column({ type: 'jsonb' })
  split!: { type: string; testIds: string[]; trainIds: string[] };

  @Column({ type: 'jsonb' })
  cv!: { type: string; foldsPerRepeat: number; repeats: number; foldOfTrainId: number[][] };
}

/** What one endpoint x feature set found before any model: columns, events in each part, the refit chain's selection, the folds. */
@Entity({ name: 'survival_feature_set_results' })
@Index('survival_feature_set_results_endpoint_name_key', ['endpointId', 'name'], { unique: true })
export class SurvivalFeatureSetResultEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'survival_feature_set_results_pkey' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'survival_feature_set_results_run_fk' })
  run?: RunEntity;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @ManyToOne(() => SurvivalEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'survival_feature_set_results_endpoint_fk' })
  endpoint?: SurvivalEndpointEntity;

  @Column({ type: 'text' })
  name!: string;

  /** Position of the feature set in the spec. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'jsonb' })
  features!: string[];

  /** The feature set's own preprocessing chain, when it replaced the experiment's steps (null otherwise). */
  @Column({ type: 'jsonb', nullable: true })
  steps!: Record<string, unknown>[] | null;

  @Column({ type: 'jsonb' })
  events!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  selection!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  folds!: Record<string, unknown>[];

  @Column({ type: 'jsonb' })
  timings!: Record<string, unknown>;
}

/**
 * One survival model of one endpoint x feature set: the leaderboard's numbers as columns (NULL where a
 * metric is undefined), per-horizon numbers and the model record's curves as jsonb, and the results file's
 * record (without predictions) as jsonb.
 */
@Entity({ name: 'survival_model_results' })
@Index('survival_model_results_run_idx', ['runId'])
@Index('survival_model_results_fs_model_key', ['featureSetResultId', 'model'], { unique: true })
export class SurvivalModelResultEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'survival_model_results_pkey' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'survival_model_results_run_fk' })
  run?: RunEntity;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @ManyToOne(() => SurvivalEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'survival_model_results_endpoint_fk' })
  endpointRow?: SurvivalEndpointEntity;

  @Column({ name: 'feature_set_result_id', type: 'uuid' })
  featureSetResultId!: string;

  @ManyToOne(() => SurvivalFeatureSetResultEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'feature_set_result_id', foreignKeyConstraintName: 'survival_model_results_feature_set_fk' })
  featureSetResult?: SurvivalFeatureSetResultEntity;

  @Column({ type: 'text' })
  endpoint!: string;

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

  @Column({ name: 'cv_c_mean', type: 'float8', nullable: true })
  cvCMean!: number | null;

  @Column({ name: 'cv_c_sd', type: 'float8', nullable: true })
  cvCSd!: number | null;

  @Column({ name: 'test_harrell_c', type: 'float8', nullable: true })
  testHarrellC!: number | null;

  @Column({ name: 'test_harrell_c_se', type: 'float8', nullable: true })
  testHarrellCSe!: number | null;

  @Column({ name: 'test_harrell_c_lower', type: 'float8', nullable: true })
  testHarrellCLower!: number | null;

  @Column({ name: 'test_harrell_c_upper', type: 'float8', nullable: true })
  testHarrellCUpper!: number | null;

  @Column({ name: 'test_uno_c', type: 'float8', nullable: true })
  testUnoC!: number | null;

  @Column({ name: 'test_uno_c_se', type: 'float8', nullable: true })
  testUnoCSe!: number | null;

  @Column({ name: 'test_uno_c_lower', type: 'float8', nullable: true })
  testUnoCLower!: number | null;

  @Column({ name: 'test_uno_c_upper', type: 'float8', nullable: true })
  testUnoCUpper!: number | null;

  @Column({ name: 'uno_tau', type: 'float8', nullable: true })
  unoTau!: number | null;

  @Column({ type: 'float8', nullable: true })
  ibs!: number | null;

  @Column({ name: 'null_ibs', type: 'float8', nullable: true })
  nullIbs!: number | null;

  @Column({ name: 'calibration_slope', type: 'float8', nullable: true })
  calibrationSlope!: number | null;

  @Column({ name: 'calibration_slope_se', type: 'float8', nullable: true })
  calibrationSlopeSe!: number | null;

  /** A classifier at a horizon: the horizon; null for a survival model. */
  @Column({ name: 'classifier_horizon', type: 'float8', nullable: true })
  classifierHorizon!: number | null;

  /** A classifier at a horizon: training patients censored before it, left out of the refit. */
  @Column({ name: 'excluded_censored', type: 'integer', nullable: true })
  excludedCensored!: number | null;

  /** Per horizon: td-AUC with CI and the calibration slope at that horizon. */
  @Column({ name: 'at_horizons', type: 'jsonb' })
  atHorizons!: Record<string, unknown>[];

  /** The model record's curves (risk groups, td-AUC over time, Brier, calibration, decision curves); null for a failed model. */
  @Column({ type: 'jsonb', nullable: true })
  curves!: Record<string, unknown> | null;

  /** The results file's SurvivalModelResult without `predictions` and `oofPredictions`. */
  @Column({ type: 'jsonb' })
  record!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

/**
 * The predictions of one model as parallel arrays: 'test' (the refit model on every test patient) or 'oof'
 * (the best configuration's CV fits on the patients each held out; `folds` gives each entry's CV split).
 * `survival` is row-major: patient i's S(predicted_at[k]) at [i * predicted_at.length + k] ('oof': empty).
 * `events` is 1 for the event of interest, 0 otherwise (competing events included).
 */
@Entity({ name: 'survival_prediction_sets' })
export class SurvivalPredictionSetEntity {
  @PrimaryColumn({ name: 'model_result_id', type: 'uuid', primaryKeyConstraintName: 'survival_prediction_sets_pkey' })
  modelResultId!: string;

  @ManyToOne(() => SurvivalModelResultEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_result_id', foreignKeyConstraintName: 'survival_prediction_sets_model_result_fk' })
  modelResult?: SurvivalModelResultEntity;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'survival_prediction_sets_pkey' })
  kind!: 'test' | 'oof';

  @Column({ type: 'text', array: true })
  ids!: string[];

  @Column({ type: 'float8', array: true })
  times!: number[];

  @Column({ type: 'smallint', array: true })
  events!: number[];

  @Column({ name: 'linear_predictors', type: 'float8', array: true })
  linearPredictors!: number[];

  @Column({ name: 'predicted_at', type: 'float8', array: true })
  predictedAt!: number[];

  @Column({ type: 'float8', array: true })
  survival!: number[];

  @Column({ type: 'smallint', array: true, nullable: true })
  folds!: number[] | null;
}

/** The survival entities, registered with the store's others. */
export const SURVIVAL_ENTITIES = [SurvivalEndpointEntity, SurvivalFeatureSetResultEntity, SurvivalModelResultEntity, SurvivalPredictionSetEntity];
