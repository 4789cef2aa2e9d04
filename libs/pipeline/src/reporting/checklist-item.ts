/**
 * One item of a reporting checklist (TRIPOD+AI 2024, CLAIM 2024) as the stored sweep answers it.
 * `filled`: the sweep evidences the whole item; `partial`: the sweep gives part of it and a person
 * must add the rest (`needs` says what); `person`: only the authors can answer it (study design,
 * ethics, clinical context); `not-applicable`: the item does not apply to this run.
 */
export type ChecklistStatus = 'filled' | 'partial' | 'person' | 'not-applicable';

/** Where a reader finds the evidence: resolved to a URL by whoever renders the checklist. */
export interface EvidenceRef {
  label: string;
  target: 'spec' | 'dataset' | 'leaderboard' | 'model' | 'predictions' | 'results';
  featureSet?: string;
  model?: string;
  /** Survival runs: the endpoint of the leaderboard or model. */
  endpoint?: string;
}

export interface ChecklistItem {
  /** The guideline's own item number ("12c", "27"). */
  id: string;
  section: string;
  topic: string;
  /** What the item asks, paraphrased. */
  asks: string;
  status: ChecklistStatus;
  /** What the sweep says for this item (empty for `person`). */
  answer: string;
  /** What a person still has to report (`partial` and `person`). */
  needs?: string;
  evidence: EvidenceRef[];
}

export interface Checklist {
  guideline: 'TRIPOD+AI (2024)' | 'CLAIM (2024)';
  reference: string;
  run: { experiment: string; datasetSha256: string };
  items: ChecklistItem[];
  counts: Record<ChecklistStatus, number>;
}

/** Items counted by status, for the page's summary line. */
export function countByStatus(items: ChecklistItem[]): Record<ChecklistStatus, number> {
  const counts: Record<ChecklistStatus, number> = { filled: 0, partial: 0, person: 0, 'not-applicable': 0 };
  for (const item of items) counts[item.status]++;
  return counts;
}
