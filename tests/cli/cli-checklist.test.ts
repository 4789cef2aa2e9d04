import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, reducedSpec, tempDir, writeExperiment } from '../engine/support';
import { radsweep } from './cli-support';

/** `radsweep checklist` on the results file of a real `radsweep run`, as a user runs them one after the other. */
const dir = tempDir('radsweep-cli-checklist-');
const lines = readFileSync(join(REPO, 'examples/data/wdbc.csv'), 'utf8').trim().split('\n');
const col = lines[0].split(',').indexOf('worst_area');
const data = join(dir, 'wdbc.csv');
writeFileSync(data, [lines[0], ...lines.slice(1).map((l, r) => (r < 4 ? l.split(',').map((c, i) => (i === col ? '' : c)).join(',') : l))].join('\n') + '\n');
const spec = reducedSpec(data);
spec.featureSets = [{ name: 'worst', include: ['worst_*'] }];
spec.steps = [{ median_imputer: {} }, { standard_scaler: {} }];
spec.models = [{ id: 'gaussian_nb', grid: { var_smoothing: [1e-9] } }];
const results = join(dir, 'results.json');

beforeAll(async () => {
  const run = await radsweep(['run', writeExperiment(dir, spec), '--out', results, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
});

describe('radsweep checklist', () => {
  it('writes Markdown with the missing cells counted in the run\'s own data file', async () => {
    const out = join(dir, 'checklists.md');
    const res = await radsweep(['checklist', results, '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/TRIPOD\+AI \d+ filled, \d+ partly, \d+ for the authors; CLAIM \d+ filled/);
    expect(res.stdout).not.toContain('missing cells not counted');
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('worst: 4 missing cells in 1 of 10 candidate columns');
    expect(md).toContain('## CLAIM (2024)');
  });

  it('writes a printable HTML page for an .html output', async () => {
    const out = join(dir, 'checklists.html');
    expect((await radsweep(['checklist', results, '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<h2>TRIPOD\+AI \(2024\)<\/h2>/);
  });

  it('refuses a data file that is not the run\'s (sha256), a non-results file and a bad format, writing nothing', async () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, lines.join('\n') + '\n');
    const out = join(dir, 'never.md');
    const wrong = await radsweep(['checklist', results, '--data', other, '--out', out]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/other\.csv.*sha256.*is not the run's/);
    const notResults = await radsweep(['checklist', data, '--out', out]);
    expect(notResults.code).toBe(2);
    expect(notResults.stderr).toMatch(/cannot read the results file|not a RadSweep results file/);
    const format = await radsweep(['checklist', results, '--out', out, '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be md or html, got 'pdf'");
    expect(() => readFileSync(out)).toThrow();
  });
});

/** A survival run's results file: its checklists from the same command, the events and missing cells counted here from the CSV. */
describe('radsweep checklist on a survival results file', () => {
  const rot = readFileSync(join(REPO, 'examples/data/rotterdam.csv'), 'utf8').trim().split('\n');
  const head = rot[0].split(',').map((h) => h.replace(/"/g, ''));
  const pgr = head.indexOf('pgr');
  const survData = join(dir, 'rotterdam-holed.csv');
  // pgr blanked in the first 7 patients: the median imputer fills them, the checklist counts them
  writeFileSync(survData, [rot[0], ...rot.slice(1).map((l, r) => (r < 7 ? l.split(',').map((c, i) => (i === pgr ? '' : c)).join(',') : l))].join('\n') + '\n');
  const survResults = join(dir, 'survival.json');
  const survSpec = {
    name: 'rotterdam-cli-checklist',
    seed: 42,
    dataset: { path: survData, idColumn: 'id' },
    endpoints: [{ name: 'rfs', type: 'survival', time: 'time', event: 'event', eventCodes: [1], horizons: [1826] }],
    featureSets: [{ name: 'clinical', include: ['age', 'size', 'nodes', 'pgr'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.2 }, cv: { type: 'stratified_kfold', folds: 3 } },
    steps: [{ median_imputer: {} }, { standard_scaler: {} }],
    models: [{ id: 'cox_ph', grid: { l2: [0] } }],
    scoring: 'harrell_c',
  };

  beforeAll(async () => {
    const run = await radsweep(['run', writeExperiment(dir, survSpec, 'survival.yaml'), '--out', survResults, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('writes both checklists in Markdown and HTML: events of interest, missing cells and the C-index of the run', async () => {
    const events = rot.slice(1).filter((l) => l.split(',')[head.indexOf('event')] === '1').length;
    const out = join(dir, 'survival-checklists.md');
    const res = await radsweep(['checklist', survResults, '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/TRIPOD\+AI \d+ filled, \d+ partly, \d+ for the authors; CLAIM \d+ filled/);
    expect(res.stdout).not.toContain('missing cells not counted');
    const md = readFileSync(out, 'utf8');
    expect(md).toContain(`${events} events of interest in ${rot.length - 1} patients`);
    expect(md).toContain('rfs / clinical: 7 missing cells in 1 of 4 candidate columns');
    expect(md).toContain("highest mean CV Harrell's C");
    expect(md).not.toMatch(/threshold 0\.5|confusion matrix/);
    const html = join(dir, 'survival-checklists.html');
    expect((await radsweep(['checklist', survResults, '--out', html])).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<h2>CLAIM \(2024\)<\/h2>[\s\S]*td-AUC/);
  });
});
