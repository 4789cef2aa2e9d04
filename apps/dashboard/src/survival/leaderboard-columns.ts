import type { SurvivalEstimate, SurvivalLeaderboardRow } from '@radsweep/api-contract';
import { num } from '../format.js';

/** A column of the survival leaderboard: its sort key, header, the value it sorts by and the text it shows. */
export interface SurvivalColumn {
  key: string;
  head: string;
  value: (r: SurvivalLeaderboardRow) => number | string | null;
  text: (r: SurvivalLeaderboardRow) => string;
  numeric: boolean;
  /** Lower is better (IBS) or text: ascending first. */
  ascending: boolean;
}

export type SortOrder = 'asc' | 'desc';

/** The default ranking, as the API's rows come: the mean CV C-index (what chose the configurations and the best model). */
export const DEFAULT_SORT = 'cvCIndex';

/** 0.712 (0.671–0.753), or an en dash. */
export function estimateWithCi(e: Pick<SurvivalEstimate, 'estimate' | 'lower' | 'upper'> | null | undefined): string {
  return e ? `${num(e.estimate)} (${num(e.lower)}–${num(e.upper)})` : '–';
}

/**
 * The survival leaderboard's columns for an endpoint with these horizons: feature set, model, mean CV
 * Harrell's C ± SD, test Harrell's C and Uno's C with their 95 % intervals, td-AUC at each horizon with its
 * interval, the integrated Brier score with the null (Kaplan-Meier) model's beside it, calibration slope.
 */
export function survivalColumns(horizons: number[]): SurvivalColumn[] {
  const text = (key: string, head: string, value: (r: SurvivalLeaderboardRow) => string): SurvivalColumn => ({ key, head, value, text: value, numeric: false, ascending: true });
  const metric = (key: string, head: string, value: SurvivalColumn['value'], show: SurvivalColumn['text'], ascending = false): SurvivalColumn => ({ key, head, value, text: show, numeric: true, ascending });
  return [
    text('featureSet', 'Feature set', (r) => r.featureSet),
    text('model', 'Model', (r) => r.label),
    metric('cvCIndex', 'CV C-index ± SD', (r) => r.cvCIndex, (r) => (r.error ? '–' : `${num(r.cvCIndex)} ± ${num(r.cvCIndexSd)}`)),
    metric('harrellC', "Harrell's C (95 % CI)", (r) => r.testHarrellC?.estimate ?? null, (r) => estimateWithCi(r.testHarrellC)),
    metric('unoC', "Uno's C (95 % CI)", (r) => r.testUnoC?.estimate ?? null, (r) => (r.testUnoC ? `${estimateWithCi(r.testUnoC)} τ ${r.testUnoC.tau}` : '–')),
    ...horizons.map((h) =>
      metric(`tdAuc@${h}`, `td-AUC at ${h} (95 % CI)`, (r) => aucAt(r, h)?.estimate ?? null, (r) => estimateWithCi(aucAt(r, h))),
    ),
    metric('ibs', 'IBS (null KM)', (r) => r.ibs?.estimate ?? null, (r) => (r.ibs ? `${num(r.ibs.estimate)} (${num(r.ibs.nullEstimate)})` : '–'), true),
    metric('calibrationSlope', 'Cal. slope', (r) => r.calibrationSlope?.slope ?? null, (r) => num(r.calibrationSlope?.slope, 2)),
  ];
}

function aucAt(r: SurvivalLeaderboardRow, horizon: number): SurvivalEstimate | undefined {
  return r.tdAuc.find((a) => a.horizon === horizon);
}

/**
 * Rows sorted by a column, the missing values (null, NaN) last in either order; rows with equal values keep
 * the order they came in (the API's: feature set, then mean CV C-index), so the sort is stable.
 */
export function sortSurvivalRows(rows: SurvivalLeaderboardRow[], column: SurvivalColumn, order: SortOrder): SurvivalLeaderboardRow[] {
  const sign = order === 'asc' ? 1 : -1;
  const missing = (v: number | string | null) => v === null || (typeof v === 'number' && Number.isNaN(v));
  return rows
    .map((row, index) => ({ row, index, value: column.value(row) }))
    .sort((a, b) => {
      const ma = missing(a.value);
      const mb = missing(b.value);
      if (ma || mb) return ma === mb ? a.index - b.index : ma ? 1 : -1;
      const c = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value), 'en', { numeric: true });
      return c === 0 ? a.index - b.index : sign * c;
    })
    .map((x) => x.row);
}
