import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One model's running mean of measured ms per unit of fit (fit-cost-means.ts), over the fits this store recorded. */
@Entity({ name: 'fit_cost_means' })
export class FitCostMeanEntity {
  @PrimaryColumn({ name: 'model_id', type: 'text', primaryKeyConstraintName: 'fit_cost_means_pkey' })
  modelId!: string;

  @Column({ name: 'ms_per_unit', type: 'double precision' })
  msPerUnit!: number;

  /** Fits the mean is over. */
  @Column({ type: 'integer' })
  fits!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
