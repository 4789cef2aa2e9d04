/** Radiomics extractions on the server (/api/extractions), as JSON. `D`: Date on the server, ISO text in the browser. */

/**
 * POST /api/extractions: the parameter file's text and either `folder` (JSON body; a folder under the server's
 * RADSWEEP_IMAGE_ROOTS) or an archive (multipart field `archive`) with these fields beside it.
 */
export interface ExtractionRequest {
  /** pyradiomics-style parameter file (YAML). */
  params: string;
  folder?: string;
  /** The manifest CSV in the folder or archive (default 'manifest.csv'). */
  manifest?: string;
  name?: string;
  labelColumn?: string;
}

/** GET /api/extractions/folders: the server folders extractions may read. */
export interface ImageFolders {
  roots: string[];
}

export type ExtractionStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type ExtractionCaseStatus = 'queued' | 'running' | 'done' | 'failed';

/** GET /api/extractions?projectId=: an extraction; once every case has finished, its features are the dataset `datasetId`. */
export interface Extraction<D = Date> {
  id: string;
  projectId: string | null;
  name: string;
  source: 'folder' | 'upload';
  /** The folder's real path, or the archive's file name. */
  location: string;
  archiveSha256: string | null;
  paramsText: string;
  paramsSha256: string;
  software: string;
  extraColumns: string[];
  labelColumn: string | null;
  status: ExtractionStatus;
  casesTotal: number;
  casesDone: number;
  casesFailed: number;
  datasetId: string | null;
  error: string | null;
  createdAt: D;
  finishedAt: D | null;
}

/** POST /api/extractions, GET /api/extractions/:id: the extraction with each case's status. */
export interface ExtractionProgress<D = Date> extends Extraction<D> {
  cases: {
    caseId: string;
    status: ExtractionCaseStatus;
    image: string;
    mask: string;
    imageSha256: string | null;
    maskSha256: string | null;
    attempts: number;
    worker: string | null;
    error: string | null;
    startedAt: D | null;
    finishedAt: D | null;
  }[];
}
