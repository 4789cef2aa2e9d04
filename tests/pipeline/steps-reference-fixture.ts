import { takeLabels } from '@radsweep/core';
import { buildDataset, datasetMatrix, readTable } from '../../libs/pipeline/src/io';
import { readJson, sharedPath } from '../support/shared';

/** The three scikit-learn sweep references whose `selection_on_training_part` the steps must reproduce. */
export const SWEEPS = [
  { file: 'wdbc-sweep.json', csv: 'wdbc.csv' },
  { file: 'crlm-synthetic-radiomics-sweep.json', csv: 'crlm-synthetic.csv' },
  { file: 'crlm-synthetic-radiomics-clinical-sweep.json', csv: 'crlm-synthetic.csv' },
] as const;

/** The training part of a sweep (split.train_ids, in split order) over feature_set.columns, raw (NaN = missing). */
export async function sweepTrainingPart(sweep: (typeof SWEEPS)[number]) {
  const ref = readJson('reference', sweep.file);
  const ds = buildDataset(await readTable(sharedPath('data', sweep.csv)), { idColumn: 'id', labelColumn: 'label', positiveClass: 1 });
  const rowOf = new Map(ds.ids.map((id, r) => [id, r]));
  const rows = (ref.split.train_ids as number[]).map((id) => rowOf.get(String(id))!);
  const features: string[] = ref.feature_set.columns;
  return {
    ref,
    sel: ref.selection_on_training_part,
    features,
    x: datasetMatrix(ds, features, rows),
    y: takeLabels(ds.label, rows),
  };
}

/** Largest |a - b| / max(|b|, floor) over paired values. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 0): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) {
    const e = Math.abs(a[k] - b[k]) / Math.max(Math.abs(b[k]), floor);
    if (e > worst || Number.isNaN(e)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}
