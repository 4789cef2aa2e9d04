import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DatasetEntity } from '../datasets/dataset.entity';
import { ProjectEntity } from '../projects/project.entities';

export type { ExtractionCaseStatus, ExtractionStatus } from '@radsweep/api-contract';
import type { ExtractionCaseStatus, ExtractionStatus } from '@radsweep/api-contract';

/**
 * A radiomics extraction launched on the server: images and masks from an allowed server folder or an
 * uploaded archive, a parameter file, one queue task per case. When every case has finished, the features
 * of the cases that succeeded become a dataset (`datasetId`), created in one transaction with the status.
 */
@Entity({ name: 'extractions' })
@Index('extractions_project_idx', ['projectId'])
export class ExtractionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'extractions_pkey' })
  id!: string;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'extractions_project_fk' })
  project?: Relation<ProjectEntity>;

  /** The name the dataset gets. */
  @Column({ type: 'text' })
  name!: string;

  /** 'folder' (a folder under RADSWEEP_IMAGE_ROOTS) or 'upload' (a .tar / .tar.gz archive). */
  @Column({ type: 'text' })
  source!: 'folder' | 'upload';

  /** The folder's real path, or the archive's file name. */
  @Column({ type: 'text' })
  location!: string;

  /** The uploaded archive's sha256 (null for a folder). */
  @Column({ name: 'archive_sha256', type: 'text', nullable: true })
  archiveSha256!: string | null;

  /** The parameter file as sent, and its sha256. */
  @Column({ name: 'params_text', type: 'text' })
  paramsText!: string;

  @Column({ name: 'params_sha256', type: 'text' })
  paramsSha256!: string;

  @Column({ type: 'text' })
  software!: string;

  /** The manifest's extra (clinical) columns, copied beside the features. */
  @Column({ name: 'extra_columns', type: 'jsonb' })
  extraColumns!: string[];

  /** The dataset's label column (optional; one of the manifest's extra columns). */
  @Column({ name: 'label_column', type: 'text', nullable: true })
  labelColumn!: string | null;

  @Column({ type: 'text' })
  status!: ExtractionStatus;

  @Column({ name: 'cases_total', type: 'integer' })
  casesTotal!: number;

  @Column({ name: 'cases_done', type: 'integer', default: 0 })
  casesDone!: number;

  @Column({ name: 'cases_failed', type: 'integer', default: 0 })
  casesFailed!: number;

  @Column({ name: 'dataset_id', type: 'uuid', nullable: true })
  datasetId!: string | null;

  @ManyToOne(() => DatasetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'dataset_id', foreignKeyConstraintName: 'extractions_dataset_fk' })
  dataset?: Relation<DatasetEntity>;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** One case of an extraction: one queue task. Its features wait here until every case has finished. */
@Entity({ name: 'extraction_cases' })
@Index('extraction_cases_case_key', ['extractionId', 'caseId'], { unique: true })
export class ExtractionCaseEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'extraction_cases_pkey' })
  id!: string;

  @Column({ name: 'extraction_id', type: 'uuid' })
  extractionId!: string;

  @ManyToOne(() => ExtractionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'extraction_id', foreignKeyConstraintName: 'extraction_cases_extraction_fk' })
  extraction?: Relation<ExtractionEntity>;

  /** The manifest row's position (the dataset's row order). */
  @Column({ type: 'integer' })
  position!: number;

  /** The manifest's id of the case. */
  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ type: 'integer', nullable: true })
  label!: number | null;

  @Column({ type: 'jsonb' })
  extra!: Record<string, string>;

  /** Image and mask as the manifest names them (relative to the manifest; in an archive, its entry names). */
  @Column({ type: 'text' })
  image!: string;

  @Column({ type: 'text' })
  mask!: string;

  /** A folder's files: their real paths, checked again inside the allowed roots by the worker (null for an upload). */
  @Column({ name: 'image_path', type: 'text', nullable: true })
  imagePath!: string | null;

  @Column({ name: 'mask_path', type: 'text', nullable: true })
  maskPath!: string | null;

  /** sha256 of the input files (an upload's from the start, its bytes stored under it; a folder's once read). */
  @Column({ name: 'image_sha256', type: 'text', nullable: true })
  imageSha256!: string | null;

  @Column({ name: 'mask_sha256', type: 'text', nullable: true })
  maskSha256!: string | null;

  @Column({ type: 'text' })
  status!: ExtractionCaseStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'job_id', type: 'text', nullable: true })
  jobId!: string | null;

  @Column({ type: 'text', nullable: true })
  worker!: string | null;

  /** Last sign of life of the worker running the case (the database's now()); a stale one puts the case back in the queue. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The case's features, once done: column names in the extractor's order (a jsonb object would not keep it) and values (non-finite as null). */
  @Column({ type: 'jsonb', nullable: true })
  features!: { names: string[]; values: (number | null)[] } | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
