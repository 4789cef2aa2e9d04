import { csvCell } from '@radsweep/core';
import type { CaseResult } from './extract-case';
import type { ManifestCase } from './manifest';

/**
 * The features table of a batch as CSV text: one row per case that succeeded, in manifest order: `id`, the
 * manifest's extra (clinical) columns, then every feature column in the order the cases first give them;
 * a non-finite value is an empty cell. `radsweep extract` writes it and the server stores it as a dataset,
 * so both give the same bytes for the same cases.
 */
export function featureCsv(cases: readonly Pick<ManifestCase, 'id' | 'extra'>[], extraColumns: readonly string[], results: readonly CaseResult[]): { csv: string; rows: number; featureColumns: string[] } {
  const ok = results.filter((r): r is Extract<CaseResult, { ok: true }> => r.ok);
  const featureColumns = [...new Set(ok.flatMap((r) => Object.keys(r.features)))];
  const header = ['id', ...extraColumns, ...featureColumns];
  const rows = ok.map((r) => {
    const c = cases.find((x) => x.id === r.id)!;
    return [r.id, ...extraColumns.map((e) => c.extra[e]), ...featureColumns.map((f) => (Number.isFinite(r.features[f]) ? String(r.features[f]) : ''))];
  });
  return { csv: [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n', rows: rows.length, featureColumns };
}
