/**
 * Datasets and experiments (/api/datasets, /api/experiments), as JSON. Dates: `D` is Date on the server,
 * ISO text in the browser (the JSON is an ISO 8601 string).
 */

/** The text fields of POST /api/datasets (multipart; the table itself is the file field `file`). */
export interface UploadRequest {
  name?: string;
  /** Label column, for the class balance. */
  labelColumn?: string;
}

/** One column of an uploaded table: its type and how many cells are missing. */
export interface DatasetColumn {
  name: string;
  kind: 'number' | 'string';
  missing: number;
}

/** An uploaded table's summary (never its cells). */
export interface Dataset<D = Date> {
  id: string;
  /** null: created before access control, or by an administrator outside any project. */
  projectId: string | null;
  name: string;
  /** The uploaded file's name and format (csv, arrow, parquet). */
  fileName: string;
  format: string;
  /** sha256 of the uploaded bytes (what the CLI reports for the same file) and of the stored Arrow IPC file. */
  sourceSha256: string;
  arrowSha256: string;
  sourceBytes: number;
  arrowBytes: number;
  rowCount: number;
  columns: DatasetColumn[];
  labelColumn: string | null;
  /** The count of each value of the label column. */
  classBalance: Record<string, number> | null;
  /** A dataset made by a radiomics extraction: its parameter file, software and input files' sha256 (null: an upload). */
  provenance: Record<string, unknown> | null;
  createdAt: D;
}

/** POST /api/experiments and /api/experiments/validate: the spec as an object (`spec`) or as the experiment file's text (`specText`). */
export interface SpecRequest {
  spec?: Record<string, unknown>;
  /** The experiment file as text (YAML or JSON). */
  specText?: string;
}

/** One version of an experiment: the spec as validated (camelCase, the experiment file's form). */
export interface Experiment<D = Date> {
  id: string;
  projectId: string | null;
  name: string;
  version: number;
  description: string | null;
  spec: Record<string, unknown>;
  createdAt: D;
}

/** POST /api/experiments/validate: what the spec would run. */
export interface SpecCheck {
  valid: true;
  name: string;
  featureSets: number;
  models: number;
  configurations: number;
  /** null when the CV is a fold assignment given at launch. */
  cvSplits: number | null;
}

/** Paging of a list cut in the database: the next page starts after the previous page's X-Next-Cursor. */
export interface PageQuery {
  /** Rows per page: 1 to 500 (default 100). */
  limit?: number;
  /** The previous page's X-Next-Cursor header (absent on the last page). */
  after?: string;
}

/** Query of a list paged in the database (GET /datasets, GET /experiments, GET /extractions), optionally of one project. */
export interface ListQuery extends PageQuery {
  /** Only rows of this project. */
  projectId?: string;
}

/** GET /experiments: a paged list, optionally only the versions of one experiment name. */
export interface ExperimentListQuery extends ListQuery {
  name?: string;
}
