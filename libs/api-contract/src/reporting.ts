/**
 * `GET /runs/:id/checklist`: a finished run's TRIPOD+AI (2024) and CLAIM (2024) checklists
 * (the engine's libs/pipeline/src/reporting builds them; the server's answer is checked against this shape
 * by the compiler). `links` maps an evidence key `target|endpoint|featureSet|model` to its URL.
 */
export type ChecklistItemStatus = 'filled' | 'partial' | 'person' | 'not-applicable';

export interface ChecklistEvidence {
  label: string;
  target: 'spec' | 'dataset' | 'leaderboard' | 'model' | 'predictions' | 'results';
  featureSet?: string;
  model?: string;
  endpoint?: string;
}

export interface ChecklistItemView {
  id: string;
  section: string;
  topic: string;
  asks: string;
  status: ChecklistItemStatus;
  answer: string;
  needs?: string;
  evidence: ChecklistEvidence[];
}

export interface ChecklistView {
  guideline: 'TRIPOD+AI (2024)' | 'CLAIM (2024)';
  reference: string;
  run: { experiment: string; datasetSha256: string };
  items: ChecklistItemView[];
  counts: Record<ChecklistItemStatus, number>;
}

export interface RunChecklistsResponse {
  runId: string;
  title: string;
  checklists: ChecklistView[];
  links: Record<string, string>;
}

/** The key of an evidence reference in `RunChecklistsResponse.links`. */
export function evidenceKey(ref: ChecklistEvidence): string {
  return `${ref.target}|${ref.endpoint ?? ''}|${ref.featureSet ?? ''}|${ref.model ?? ''}`;
}
