import type { ExternalCohortResult } from '../locked/external-scoring';
import { num } from './evidence-sentences';

/** A feature set's best-by-CV model with its scores on the experiment's external cohorts (validation.external). */
export interface ScoredBest {
  name: string;
  label: string;
  external?: ExternalCohortResult[];
}

/**
 * The external cohorts of a run in words: each cohort (rows, sha256) and, per feature set, its best-by-CV
 * model's pooled headline score there with its CI (Harrell's C, or AUC). Null when the run had none.
 */
export function externalCohortsText(best: ScoredBest[]): string | null {
  const cohorts = new Map<string, { rows: number; sha256: string; lines: string[] }>();
  for (const b of best) {
    for (const c of b.external ?? []) {
      const entry = cohorts.get(c.name) ?? { rows: c.rows, sha256: c.sha256, lines: [] };
      cohorts.set(c.name, entry);
      const r = c.results;
      if (r.kind === 'survival') {
        const h = r.pooled.harrellC;
        entry.lines.push(`${b.name} / ${b.label}: ${r.pooled.n} patients with ${r.pooled.events} events, Harrell's C ${num(h.estimate)} (95 % CI ${num(h.lower)}-${num(h.upper)})`);
      } else {
        const t = r.pooled.test;
        const ci = t.aucCi.bootstrap;
        entry.lines.push(`${b.name} / ${b.label}: ${t.n} patients with ${t.positives} events, AUC ${num(t.auc)}${ci ? ` (95 % CI ${num(ci.lower)}-${num(ci.upper)})` : ''}`);
      }
    }
  }
  if (!cohorts.size) return null;
  const text = [...cohorts].map(([name, c]) => `${name} (${c.rows} rows, sha256 ${c.sha256.slice(0, 12)}...): ${c.lines.join('; ') || 'no model scored'}`);
  return `Every model was also scored unchanged, as the locked model \`radsweep lock\` would seal, on ${cohorts.size} external cohort${cohorts.size === 1 ? '' : 's'}: ${text.join('. ')}.`;
}
