import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RunEntity } from '../runs/run.entity';

/** What a run found for one feature set before any model: matched columns, class balance, the refit chain's selection, the folds. */
@Entity({ name: 'feature_set_results' })
@Index('feature_set_results_run_name_key', ['runId', 'name'], { unique: true })
export class FeatureSetResultEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'feature_set_results_pkey' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => RunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'feature_set_results_run_fk' })
  run?: RunEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'jsonb' })
  features!: string[];

  /** The feature set's own preprocessing chain, when it replaced the experiment's steps (null otherwise). */
  @Column({ type: 'jsonb', nullable: true })
  steps!: Record<string, unknown>[] | null;

  @Column({ name: 'class_balance', type: 'jsonb' })
  classBalance!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  selection!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  folds!: Record<string, unknown>[];

  @Column({ type: 'jsonb' })
  timings!: Record<string, unknown>;
}
