import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { DatasetEntity } from './dataset.entity';

/**
 * The cells of a dataset stored before chunked storage, as one Apache Arrow IPC
 * file (newer datasets: dataset_chunks, see dataset-chunks.ts); fetched only by the workers that run on it.
 */
@Entity({ name: 'dataset_files' })
export class DatasetFileEntity {
  @PrimaryColumn({ name: 'dataset_id', type: 'uuid', primaryKeyConstraintName: 'dataset_files_pkey' })
  datasetId!: string;

  @OneToOne(() => DatasetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dataset_id', foreignKeyConstraintName: 'dataset_files_dataset_fk' })
  dataset?: DatasetEntity;

  @Column({ type: 'bytea' })
  arrow!: Buffer;
}
