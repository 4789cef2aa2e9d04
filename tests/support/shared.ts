import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Matrix, matrix } from '@radsweep/core';

/** ../shared beside the repository: read-only reference data for tests. */
export const SHARED = resolve(__dirname, '../../../shared');
export const sharedPath = (...p: string[]) => resolve(SHARED, ...p);
export const hasShared = existsSync(sharedPath('README.md'));

export function readJson<T = any>(...p: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...p), 'utf8')) as T;
}

/** A deliberately simple CSV reader, independent of libs/pipeline, for test fixtures. */
export function loadSimpleCsv(path: string): { header: string[]; ids: number[]; label: Uint8Array; columns: Map<string, Float64Array> } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const n = lines.length - 1;
  const cols = header.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    for (let j = 0; j < header.length; j++) cols[j][i] = cells[j] === '' ? NaN : Number(cells[j]);
  }
  const columns = new Map(header.map((h, j) => [h, cols[j]]));
  const ids = Array.from(columns.get('id')!);
  const label = Uint8Array.from(columns.get('label')!);
  return { header, ids, label, columns };
}

/**
 * The `*-plain.json` protocol: median imputation and z-score (population sd; sd 1 for a column constant up to
 * the rounding of its mean, as scikit-learn's StandardScaler)
 * fitted on the training rows, written here independently of libs/pipeline.
 */
export function plainFixture(dataset: 'wdbc' | 'crlm') {
  const ref = dataset === 'wdbc' ? readJson('reference', 'wdbc-plain.json') : readJson('reference', 'crlm-synthetic-original-plain.json');
  const csv = loadSimpleCsv(sharedPath('data', dataset === 'wdbc' ? 'wdbc.csv' : 'crlm-synthetic.csv'));
  const features = csv.header.filter((h) => h !== 'id' && h !== 'label' && (dataset === 'wdbc' || h.startsWith('original_')));
  return plainSplit(ref, csv, features);
}

/** The plain protocol's matrices of `features` of a CSV, split by the reference's `test_ids`. */
export function plainSplit(ref: any, csv: ReturnType<typeof loadSimpleCsv>, features: string[]) {
  const testIds: number[] = ref.test_ids;
  const testSet = new Set(testIds);
  const rowOf = new Map(csv.ids.map((id, i) => [id, i]));
  const trainRows = csv.ids.map((_, i) => i).filter((i) => !testSet.has(csv.ids[i]));
  const testRows = testIds.map((id) => rowOf.get(id)!);
  const p = features.length;
  const xTrain = matrix(trainRows.length, p);
  const xTest = matrix(testRows.length, p);
  features.forEach((f, j) => {
    const col = csv.columns.get(f)!;
    const train = trainRows.map((r) => col[r]).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const m = train.length;
    const median = m === 0 ? 0 : m % 2 ? train[(m - 1) / 2] : (train[m / 2 - 1] + train[m / 2]) / 2;
    const filled = (r: number) => (Number.isNaN(col[r]) ? median : col[r]);
    let mean = 0;
    for (const r of trainRows) mean += filled(r);
    mean /= trainRows.length;
    let ss = 0;
    for (const r of trainRows) ss += (filled(r) - mean) ** 2;
    // scikit-learn's StandardScaler (`_is_constant_feature`): a column constant up to rounding of its mean gets sd 1
    const n = trainRows.length;
    const variance = ss / n;
    const constant = !(variance > n * Number.EPSILON * variance + (n * mean * Number.EPSILON) ** 2);
    const sd = constant ? 1 : Math.sqrt(variance);
    trainRows.forEach((r, i) => (xTrain.data[i * p + j] = (filled(r) - mean) / sd));
    testRows.forEach((r, i) => (xTest.data[i * p + j] = (filled(r) - mean) / sd));
  });
  const yTrain = Uint8Array.from(trainRows.map((r) => csv.label[r]));
  const yTest = Uint8Array.from(testRows.map((r) => csv.label[r]));
  return { ref, features, xTrain, yTrain, xTest, yTest, testIds };
}

/** ROC AUC by the Mann-Whitney U statistic with ties counted 1/2 (O(n log n)); independent of libs/metrics. */
export function aucMannWhitney(y: ArrayLike<number>, s: ArrayLike<number>): number {
  const n = y.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a] - s[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && s[idx[j + 1]] === s[idx[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]] = r;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) { pos++; rankSum += ranks[i]; }
  const neg = n - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export type { Matrix };
