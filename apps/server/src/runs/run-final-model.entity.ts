import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { ModelResultEntity } from '../results/model-result.entity';
import { SurvivalModelResultEntity } from '../survival/survival.entities';
import { RunEntity } from './run.entity';

/** The endpoint name of a binary classification run's final-model mark (a survival model's is its endpoint's name). */
export const BINARY_ENDPOINT = 'label';

/**
 * The model a person marked as the pre-specified final model of a run, one per
 * run and endpoint. A mark only: nothing ranks or chooses by it (the leaderboard's
 * choice stays the CV one). Exactly one of the two model ids is set.
 */
@Entity({ name: 'run_final_models' })
export class RunFinalModelEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'run_final_models_pkey' })
  runId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'run_final_models_pkey' })
  endpoint!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'run_final_models_run_fk' })
  run?: Relation<RunEntity>;

  @Column({ name: 'model_result_id', type: 'uuid', nullable: true })
  modelResultId!: string | null;

  @ManyToOne(() => ModelResultEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_result_id', foreignKeyConstraintName: 'run_final_models_model_fk' })
  modelResult?: Relation<ModelResultEntity>;

  @Column({ name: 'survival_model_result_id', type: 'uuid', nullable: true })
  survivalModelResultId!: string | null;

  @ManyToOne(() => SurvivalModelResultEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survival_model_result_id', foreignKeyConstraintName: 'run_final_models_survival_model_fk' })
  survivalModelResult?: Relation<SurvivalModelResultEntity>;

  @Column({ name: 'marked_by_id', type: 'uuid', nullable: true })
  markedById!: string | null;

  @Column({ name: 'marked_by_name', type: 'text' })
  markedByName!: string;

  @Column({ name: 'marked_at', type: 'timestamptz', default: () => 'now()' })
  markedAt!: Date;
}
