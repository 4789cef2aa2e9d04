import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ModelResultEntity } from './model-result.entity';

/**
 * The predicted probability of every patient a model was scored on, as parallel
 * arrays (one row per model and kind instead of one per patient: a run of the
 * seed sweep would otherwise be 1,200 rows per model). `kind` is 'test' (the
 * refit model on the test part) or 'oof' (the best configuration's CV fits on
 * the patients each held out; `folds` gives each entry's CV split).
 */
@Entity({ name: 'prediction_sets' })
export class PredictionSetEntity {
  @PrimaryColumn({ name: 'model_result_id', type: 'uuid', primaryKeyConstraintName: 'prediction_sets_pkey' })
  modelResultId!: string;

  @ManyToOne(() => ModelResultEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_result_id', foreignKeyConstraintName: 'prediction_sets_model_result_fk' })
  modelResult?: ModelResultEntity;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'prediction_sets_pkey' })
  kind!: string;

  @Column({ type: 'text', array: true })
  ids!: string[];

  @Column({ type: 'smallint', array: true })
  labels!: number[];

  @Column({ type: 'float8', array: true })
  probabilities!: number[];

  /** CV split of each entry (repeat x foldsPerRepeat + fold) for 'oof'; null for 'test'. */
  @Column({ type: 'smallint', array: true, nullable: true })
  folds!: number[] | null;
}
