import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadExperiment, runSurvivalExperiment, SurvivalExperimentResults } from '@radsweep/pipeline';
import { REPO } from './api';

export const ROTTERDAM = join(REPO, 'examples/data/rotterdam.csv');

/**
 * Every 15th patient of the Rotterdam cohort (examples/data; 199 patients, 112 events), as CSV text: small
 * enough for server tests. (The file is ordered: its first rows are nearly all censored.)
 */
export function rotterdamSubset(): string {
  const [header, ...rows] = readFileSync(ROTTERDAM, 'utf8').trimEnd().split('\n');
  return [header, ...rows.filter((_, i) => i % 15 === 0)].join('\n') + '\n';
}

/** A small survival study: one endpoint, two feature sets (two tasks), Cox PH and LASSO-Cox, 3-fold CV. */
export function survivalSpec(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name: 'rotterdam-small',
    description: 'server survival tests',
    seed: 11,
    dataset: { path: 'rotterdam.csv', idColumn: 'id' },
    endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', eventCodes: [1], horizons: [1096, 1826], riskGroups: 'median' }],
    featureSets: [
      { name: 'clinical', include: ['age', 'size', 'grade', 'nodes', 'pgr', 'er'] },
      { name: 'nodes', include: ['nodes', 'size'] },
    ],
    validation: { split: { type: 'stratified_holdout', testSize: 0.3 }, cv: { type: 'stratified_kfold', folds: 3 } },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }],
    models: [
      { id: 'cox_ph', grid: { ties: ['efron', 'breslow'] } },
      { id: 'lasso_cox', params: { cv_folds: 3 }, grid: { alpha: [1] } },
    ],
    scoring: 'harrell_c',
    ...overrides,
  };
}

/** The CLI engine's results of `spec` on `csv` (written next to the experiment file): what the server must reproduce. */
export async function localSurvivalResults(spec: Record<string, unknown>, csv: string): Promise<SurvivalExperimentResults> {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-surv-'));
  writeFileSync(join(dir, (spec.dataset as { path: string }).path), csv);
  const file = join(dir, 'experiment.yaml');
  writeFileSync(file, stringify(spec));
  const exp = loadExperiment(file);
  return runSurvivalExperiment(exp, { workers: 0 });
}

/**
 * A hand-made cohort of 80 patients: two covariates, follow-up falling with x, event codes 0 (censored),
 * 1 (event of interest) and 2 (competing event), made by a fixed formula (no randomness).
 */
export function handMadeCohort(): { csv: string; rows: { id: string; x: number; z: number; time: number; event: number }[] } {
  const rows = Array.from({ length: 80 }, (_, i) => {
    const x = ((i * 37) % 80) / 10;
    const z = ((i * 11) % 9) - 4;
    const wobble = ((i * 53) % 17) / 17; // 0..1, fixed per patient
    const time = Math.round(60 + 1500 * Math.exp(-0.35 * x) * (0.4 + wobble));
    const event = i % 5 === 0 ? 0 : i % 7 === 3 ? 2 : 1;
    return { id: `p${String(i + 1).padStart(3, '0')}`, x, z, time, event };
  });
  const csv = ['id,x,z,time,event', ...rows.map((r) => `${r.id},${r.x},${r.z},${r.time},${r.event}`)].join('\n') + '\n';
  return { csv, rows };
}

/** A one-task study of the hand-made cohort: Cox PH on x and z, competing code 2 censored. */
export function handMadeSpec(): Record<string, any> {
  return {
    name: 'hand-made',
    seed: 5,
    dataset: { path: 'hand.csv', idColumn: 'id' },
    endpoints: [{ name: 'cause1', type: 'survival', time: 'time', event: 'event', eventCodes: [1], horizons: [300, 600], riskGroups: 'median' }],
    featureSets: [{ name: 'xz', include: ['x', 'z'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.4 }, cv: { type: 'stratified_kfold', folds: 3 } },
    steps: [{ standard_scaler: {} }],
    models: [{ id: 'cox_ph' }],
    scoring: 'harrell_c',
  };
}

/**
 * Harrell's C counted pair by pair, independently of @radsweep/metrics: a pair is usable when the patient with
 * the shorter time had the event (1) and the other was still followed after it (longer time, or the same time
 * and censored); concordant when the earlier event has the higher risk, half when the risks tie.
 */
export function countHarrellC(time: number[], event: number[], risk: number[]): number {
  let usable = 0;
  let score = 0;
  for (let i = 0; i < time.length; i++) {
    if (event[i] !== 1) continue;
    for (let j = 0; j < time.length; j++) {
      if (j === i) continue;
      if (!(time[j] > time[i] || (time[j] === time[i] && event[j] !== 1))) continue;
      usable++;
      score += risk[i] > risk[j] ? 1 : risk[i] === risk[j] ? 0.5 : 0;
    }
  }
  return score / usable;
}
