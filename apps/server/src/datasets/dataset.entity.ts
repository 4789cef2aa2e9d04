import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { ProjectEntity } from '../projects/project.entities';

/** One column of an uploaded table: its type and how many cells are missing (the API contract's). */
export type { DatasetColumn } from '@radsweep/api-contract';
import type { DatasetColumn } from '@radsweep/api-contract';

/** An uploaded table's summary; its cells are in dataset_chunks under arrowSha256 (older datasets: DatasetFile), kept apart so listing never loads them. */
@Entity({ name: 'datasets' })
@Index('datasets_project_idx', ['projectId'])
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'datasets_pkey' })
  id!: string;

  /** The project the row belongs to (null: created before access control, or by an admin outside any project). */
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'datasets_project_fk' })
  project?: Relation<ProjectEntity>; // Relation: no eager type reference across the import cycle (runs <-> projects)

  @Column({ type: 'text' })
  name!: string;

  /** The uploaded file's name and format (csv, arrow, parquet). */
  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ type: 'text' })
  format!: string;

  /** sha256 of the uploaded bytes (what the CLI reports for the same file) and of the stored Arrow IPC file. */
  @Column({ name: 'source_sha256', type: 'text' })
  sourceSha256!: string;

  @Column({ name: 'arrow_sha256', type: 'text' })
  arrowSha256!: string;

  @Column({ name: 'source_bytes', type: 'integer' })
  sourceBytes!: number;

  @Column({ name: 'arrow_bytes', type: 'integer' })
  arrowBytes!: number;

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  @Column({ type: 'jsonb' })
  columns!: DatasetColumn[];

  /** The label column named at upload (optional) and the count of each of its values. */
  @Column({ name: 'label_column', type: 'text', nullable: true })
  labelColumn!: string | null;

  @Column({ name: 'class_balance', type: 'jsonb', nullable: true })
  classBalance!: Record<string, number> | null;

  /** A dataset made by a radiomics extraction: its parameter file (text, sha256), software and each input file's sha256 (null: an upload). */
  @Column({ type: 'jsonb', nullable: true })
  provenance!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
